"""« Je n'ai pas de compte »: activating an account by SMS or mail (features/activation_compte.feature)."""
