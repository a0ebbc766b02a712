"""The lookup form: two fields, bounded and checked before any of it goes near Shopify."""

from __future__ import annotations

import hmac

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, TimestampSigner
from wtforms import EmailField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.lookup import normalise
from portal.web import app_proxy as proxy
from portal.web import limits


def _usable_email(form: FlaskForm, field: EmailField) -> None:
    if field.data and normalise.email(field.data) is None:
        raise ValidationError(_l("Enter the email address in the format name@example.com."))


_UNUSABLE_ORDER_NUMBER = _l("Enter the order number as it appears in your confirmation email, "
                            "for example #1001.")


def _usable_order_number(form: FlaskForm, field: StringField) -> None:
    if field.data and normalise.order_ref(field.data, "#", "") is None:
        raise ValidationError(_UNUSABLE_ORDER_NUMBER)


class LookupForm(FlaskForm):
    class Meta:
        def wrap_formdata(self, form: FlaskForm, formdata: object) -> object:
            # Only urlencoded or multipart text fields: a JSON body or a file part standing in
            # for a field is simply absent, so it fails validation with a 400 like a blank one
            # and can never choose which guess counter a request is charged to.
            return request.form if formdata is not None and request.method == "POST" else None

    # Declared in the order the page shows them, so the error summary lists them the same way.
    order_number = StringField(
        _l("Order number"),
        validators=[DataRequired(_l("Enter your order number.")),
                    Length(max=normalise.MAX_ORDER_INPUT,
                           message=_l("That order number is too long.")), _usable_order_number])
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter the email address you used for the order.")),
                    Length(max=normalise.MAX_EMAIL_INPUT,
                           message=_l("That email address is too long.")), _usable_email])

    def refuse_order_number(self) -> None:
        """Mark the order number unusable: it passed the form's check but not the store's
        own order-number format."""
        self.order_number.errors = [*self.order_number.errors, _UNUSABLE_ORDER_NUMBER]

    @property
    def token_expired(self) -> bool:
        """True when the form's protection token was missing, forged or too old."""
        return bool(self.csrf_token.errors) if hasattr(self, "csrf_token") else False


# Long enough to find a confirmation email and type two facts; a harvested token is worth
# little after it, and only to the shopper it was issued to.
FORM_TOKEN_SECONDS = 600


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="portal proxy lookup form")


def _shopper() -> bytes:
    """Who the token is issued to: the signed-in customer Shopify names, else the client's
    canonical address (hashed), so a token read elsewhere opens nothing for another browser."""
    proxied = proxy.current()
    if proxied and proxied.customer_id:
        return b"customer:" + proxied.customer_id.encode()
    return b"client:" + limits.client_address().encode()


def _fresh_form_token(form: FlaskForm, field: HiddenField) -> None:
    # The theme's own "Track my order" form cannot carry our token; it posts from the store's
    # domain, which the browser states and Shopify's signed request vouches for.
    if not field.data and proxy.posted_from_the_store():
        return
    try:
        issued_to = _signer().unsign(field.data or "", max_age=FORM_TOKEN_SECONDS)
    except BadSignature:
        raise ValidationError("form token expired or forged") from None
    if not hmac.compare_digest(issued_to, _shopper()):
        raise ValidationError("form token issued to another shopper")


class ProxyLookupForm(LookupForm):
    """The lookup form under the App Proxy, where Shopify strips cookies and so no session can
    hold a CSRF secret: a signed, short-lived token stands in for it."""

    class Meta:
        csrf = False

    form_token = HiddenField(validators=[_fresh_form_token])

    def issue_token(self) -> None:
        """Put a fresh token in the form about to be rendered."""
        self.form_token.data = _signer().sign(_shopper()).decode()

    @property
    def token_expired(self) -> bool:
        return bool(self.form_token.errors)
