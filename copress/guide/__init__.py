"""The resource guide: resources and reflective questions read from manuscript/guide/."""
