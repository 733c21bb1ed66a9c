"""The shapes of the aggregate figures in the REST API: every figure with its interval and n.

The views hand these serializers plain dicts (`sums_data`), so the fields listed here are
both what is sent and what the OpenAPI document describes.
"""

from rest_framework import serializers

from civicpulse.analytics.statistics.estimates import Estimate, Reason
from civicpulse.analytics.sums import Sums


class EstimateSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="Null without data.")
    low = serializers.FloatField(allow_null=True, help_text="95% interval; null when too few.")
    high = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(help_text="The ratings the figure rests on.")
    reason = serializers.ChoiceField(
        choices=[Reason.NO_DATA, Reason.ONE_VALUE, Reason.NO_VARIATION],
        allow_null=True,
        help_text="Why the value or interval is missing, as a code.",
    )


class SumsSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    ratings = serializers.IntegerField(help_text="Responses with a 0-10 score.")
    mean = EstimateSerializer(help_text="Mean score out of 10, t interval.")
    satisfied = EstimateSerializer(help_text="Share of scores 7-10 (0-1), Wilson interval.")
    nps = EstimateSerializer(help_text="Net promoter score, -100 to 100.")


class PeriodSerializer(serializers.Serializer):
    since = serializers.DateField(help_text="First local day, inclusive.")
    until = serializers.DateField(help_text="Last local day, inclusive.")


class SummarySerializer(PeriodSerializer, SumsSerializer):
    pass


class BreakdownRowSerializer(SumsSerializer):
    key = serializers.CharField(help_text='The id or code to filter by ("0": no area).')
    label = serializers.CharField()
    kind = serializers.CharField(
        allow_null=True, help_text="For touchpoints: place or employee; otherwise null."
    )


class BreakdownSerializer(PeriodSerializer):
    dimension = serializers.CharField()
    rows = BreakdownRowSerializer(many=True)


class SeriesPointSerializer(SumsSerializer):
    start = serializers.DateField()
    end = serializers.DateField()
    partial = serializers.BooleanField(
        help_text="The period is cut short by the chosen dates, or is still running."
    )


class SeriesSerializer(PeriodSerializer):
    unit = serializers.CharField()
    points = SeriesPointSerializer(many=True)


def estimate_data(estimate: Estimate) -> dict:
    return {
        "value": estimate.value,
        "low": estimate.low,
        "high": estimate.high,
        "n": estimate.n,
        "reason": str(estimate.reason) if estimate.reason else None,
    }


def sums_data(sums: Sums) -> dict:
    return {
        "responses": sums.responses,
        "ratings": sums.scored,
        "mean": estimate_data(sums.mean),
        "satisfied": estimate_data(sums.satisfied),
        "nps": estimate_data(sums.nps),
    }
