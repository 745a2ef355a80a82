"""Public views: only public_* selectors and public templates."""
