from domain.drafting.privacy import mask_personal_details


def test_the_solved_tickets_customer_and_any_address_or_phone_are_masked() -> None:
    text = (
        "Hello Mallory Quenby, we wrote to MALLORY@Other.Example and to billing@shop.example; "
        "call +44 20 7946 0958 or (555) 123-4567. Thanks, mallory!"
    )
    masked = mask_personal_details(text, names=["Mallory Quenby"], emails=["mallory@other.example"])
    assert masked == (
        "Hello [customer], we wrote to [email] and to [email]; call [number] or [number]. "
        "Thanks, [customer]!"
    )


def test_ordinary_numbers_dates_and_words_are_kept() -> None:
    text = "Al, Also see order 12345, version 10.2.3, released 2026-11-26 (2026.11.26)."
    masked = mask_personal_details(text, names=["Al Bee", None], emails=[None])
    assert masked == (
        "[customer], Also see order 12345, version 10.2.3, released 2026-11-26 (2026.11.26)."
    )


def test_a_name_that_is_a_common_word_is_masked_only_as_a_name() -> None:
    text = "Hi Will, we will refund you. WILL, may I add: May's order and Grace's grace period."
    masked = mask_personal_details(text, names=["Will May", "Grace Hopper"])
    assert masked == (
        "Hi [customer], we will refund you. [customer], may I add: [customer]'s order "
        "and [customer]'s grace period."
    )
