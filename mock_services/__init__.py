"""The reference stack: a reference ENT and ÉduConnect with mock FranceConnect, mail and SMS."""
