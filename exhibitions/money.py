"""Integer Rupiah arithmetic for the market trial's revenue split."""


def split_amount(amount: int, percentages: tuple[int, ...]) -> tuple[int, ...]:
    """Split ``amount`` (whole rupiah) by ``percentages`` (adding up to 100) so that the parts add up
    exactly to ``amount``: each part is rounded down, and the rupiah left over go one each to the
    parts with the largest remainders (ties to the earlier part)."""
    if sum(percentages) != 100:
        raise ValueError("percentages must add up to 100")
    if amount < 0:
        raise ValueError("amount must not be negative")
    floors = [amount * pct // 100 for pct in percentages]
    remainders = [amount * pct % 100 for pct in percentages]
    left = amount - sum(floors)
    order = sorted(range(len(percentages)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


def sale_shares(*, exhibition, quantity: int, unit_price: int) -> dict[str, int]:
    """The Sale share fields for a sale of ``quantity`` x ``unit_price`` at ``exhibition``."""
    inmate, pnbp, programme = split_amount(
        quantity * unit_price,
        (exhibition.share_inmate_pct, exhibition.share_pnbp_pct, exhibition.share_programme_pct),
    )
    return {"share_inmate": inmate, "share_pnbp": pnbp, "share_programme": programme}
