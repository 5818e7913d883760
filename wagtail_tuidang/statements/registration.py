"""Registration numbers: the number a published statement is known by on its
certificate, short enough to read over a telephone and to write by hand.

A number is 16 digits, shown in four groups of four ("4821 0937 5512 6640"):
15 random digits from :mod:`secrets` (never sequential: a number says
nothing of how many statements there are, and guessing one is a one in
10¹⁵ shot) and a Damm check digit. Damm's check detects every error of one
digit and every swap of two adjacent digits, so a typo is told apart from
a number that does not exist without asking the database.

Numbers are assigned at publication (:mod:`.transitions`); the database's
unique constraint, not luck, keeps them unique, and an assignment that
meets a number already taken draws another.
"""

import re
import secrets

#: Digits in a number, the check digit included.
LENGTH = 16
#: Digits per group when a number is shown.
GROUP = 4
#: Fresh numbers drawn before an assignment gives up (a collision has a
#: chance of about one in 10⁸ at ten million statements).
ATTEMPTS = 5

# The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero
# diagonal): H. M. Damm, "Total anti-symmetrische Quasigruppen", 2004.
DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

#: What a person may type between digits: spaces (of any width), dashes
#: and dots.
SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−.·]+")


def damm(digits):
    """The Damm interim digit of a string of digits: the check digit to
    append, or 0 when ``digits`` already ends with a correct one."""
    interim = 0
    for digit in digits:
        interim = DAMM_TABLE[interim][int(digit)]
    return interim


def new_number():
    """A fresh random number: 15 random digits and their check digit."""
    body = f"{secrets.randbelow(10 ** (LENGTH - 1)):0{LENGTH - 1}d}"
    return body + str(damm(body))


def is_valid(number):
    """Whether ``number`` (16 digits, as stored) has a correct check digit."""
    return (
        len(number) == LENGTH
        and number.isascii()
        and number.isdigit()
        and damm(number) == 0
    )


def normalise(text):
    """The digits of ``text`` as typed ("4821-0937 5512 6640", full-width
    digits too), or None when it is not 16 digits once separators are gone.
    The check digit is not checked here: see :func:`is_valid`."""
    digits = SEPARATORS.sub("", text or "")
    if len(digits) != LENGTH or not digits.isdigit():
        return None
    # Full-width and other decimal digits, as some input methods type them.
    digits = "".join(str(int(char)) for char in digits)
    return digits


def format_number(number):
    """``"4821093755126640"`` → ``"4821 0937 5512 6640"``; "" for none."""
    if not number:
        return ""
    return " ".join(number[i : i + GROUP] for i in range(0, len(number), GROUP))
