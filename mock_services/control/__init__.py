"""The control API (app.py): its request and response models, its errors in French and its OpenAPI document."""
from .app import create_control_app

__all__ = ["create_control_app"]
