"""Share cards: declarative templates rendered with Pillow."""
