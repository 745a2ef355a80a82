"""Public catalogue and product pages (they show exhibitions and take inquiries, so they live on this floor)."""
