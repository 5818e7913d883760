"""Receipt codes: readable, ≥ 80 bits, forgiving when typed back."""

from wagtail_tuidang.statements import receipts


def test_codes_are_random_grouped_and_carry_at_least_80_bits():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    groups = code.split("-")
    assert all(len(group) == 4 for group in groups)
    assert len("".join(groups)) * 5 >= 80  # 32 symbols = 5 bits each


def test_each_symbol_of_a_code_is_five_bits_of_one_draw(monkeypatch):
    """All 100 bits of one draw from the system's generator, each 5 of them
    one of the 32 symbols: every code is as likely as any other."""
    draws = []

    def randbits(count):
        draws.append(count)
        return sum(position << (5 * position) for position in range(20))

    monkeypatch.setattr(receipts.secrets, "randbits", randbits)
    assert receipts.new_code() == receipts.format_code(receipts.ALPHABET[:20])
    monkeypatch.setattr(receipts.secrets, "randbits", lambda count: 2**count - 1)
    assert receipts.new_code() == receipts.format_code("Z" * 20)
    assert draws == [100] and len(set(receipts.ALPHABET)) == 32


def test_typing_variations_hash_alike():
    code = receipts.format_code("0123456789ABCDEFGHJK")
    typed = " o123 4567-89ab cdef ghjk "
    assert receipts.hash_code(typed) == receipts.hash_code(code)


def test_garbage_is_not_a_code():
    for value in ("", "abc", "X" * 200, "😀" * 20, "0123-4567-89AB-CDEF-GHJ!"):
        assert receipts.hash_code(value) is None


def test_public_ids_never_start_like_a_spreadsheet_formula(monkeypatch):
    from wagtail_tuidang.statements import models

    monkeypatch.setattr(models.secrets, "token_urlsafe", lambda n: "-abcdefghijklmnop")
    assert models.new_public_id()[0].isalnum()
    monkeypatch.undo()
    assert all(models.new_public_id()[0].isalnum() for _ in range(500))
