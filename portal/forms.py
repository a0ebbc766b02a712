"""The lookup form: two fields, bounded and checked before any of it goes near Shopify."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from . import normalise


def _usable_email(form: FlaskForm, field: EmailField) -> None:
    if field.data and normalise.email(field.data) is None:
        raise ValidationError(_l("Enter the email address in the format name@example.com."))


def _usable_order_number(form: FlaskForm, field: StringField) -> None:
    if field.data and normalise.order_ref(field.data, "#", "") is None:
        raise ValidationError(_l("Enter the order number as it appears in your confirmation "
                                 "email, for example #1001."))


class LookupForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter the email address you used for the order.")),
                    Length(max=normalise.MAX_EMAIL_INPUT,
                           message=_l("That email address is too long.")), _usable_email])
    order_number = StringField(
        _l("Order number"),
        validators=[DataRequired(_l("Enter your order number.")),
                    Length(max=normalise.MAX_ORDER_INPUT,
                           message=_l("That order number is too long.")), _usable_order_number])
