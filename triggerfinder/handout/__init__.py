"""The client's self-care handout: what it says (content.py) apart from how it looks (render.py)."""
