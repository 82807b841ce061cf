"""Rewriting sources with a label map: one module per format (see ``_base``)."""
