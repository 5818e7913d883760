"""Staff accounts: login throttling and TOTP two-factor authentication.

An optional app (``wagtail_tuidang.accounts``): add it with django-axes and
django-otp to a site's settings as docs/how-to/secure-staff-accounts.md shows.
Accounts that can read contact details, confirm real names or export
statements are the ones an attacker wants; this app makes a stolen or
guessed password alone worth nothing for them.
"""
