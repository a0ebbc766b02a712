"""Only the form's own text fields reach the lookup: JSON bodies and file parts are refused with
the form's 400 and never charged to any failed-guess counter."""

import io

from tests.support.helpers import csrf_token, submit

OWNER = "alice.martin@example.com"


def test_a_json_body_is_refused_and_charges_no_counter(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="1 per hour").test_client()
    token = csrf_token(client)
    for n in range(3):
        answer = client.post("/", json={"csrf_token": token, "order_number": "1001",
                                        "email": f"json{n}@example.com"})
        assert answer.status_code == 400
        assert "Enter your order number." in answer.get_data(as_text=True)
    assert shopify.calls("PortalCandidates") == []
    assert submit(client, "1001", OWNER).status_code == 303


def test_a_file_part_for_a_field_is_a_clean_400(make_app, shopify):
    client = make_app().test_client()
    token = csrf_token(client)
    for field in ("order_number", "email", "csrf_token"):
        data = {"csrf_token": token, "order_number": "1001", "email": OWNER}
        data[field] = (io.BytesIO(b"1001"), "order.txt")
        answer = client.post("/", data=data, content_type="multipart/form-data")
        assert answer.status_code == 400, field
    assert shopify.calls("PortalCandidates") == []
