"""The training course: manuscript/course/ (course.yaml and one Markdown file per module)."""
