"""Ways in for co-authors who never touch git: review packs and a live preview."""
