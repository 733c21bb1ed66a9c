from civicpulse.backoffice.forms.accounts import LoginForm

__all__ = ["LoginForm"]
