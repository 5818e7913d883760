"""Receipt codes: readable, ≥ 80 bits, forgiving when typed back."""

from wagtail_tuidang.statements import receipts


def test_codes_are_random_grouped_and_carry_at_least_80_bits():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    groups = code.split("-")
    assert all(len(group) == 4 for group in groups)
    assert len("".join(groups)) * 5 >= 80  # 32 symbols = 5 bits each


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
