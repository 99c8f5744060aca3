"""Lost identifier or password (features/identifiant_oublie.feature, features/mot_de_passe_oublie.feature)."""
