"""Times the rollups on a seeded database: rebuild, fold throughput and a year's query.

    DATABASE_URL=... python manage.py seed_demo
    DATABASE_URL=... python -m bench.rollups [--organization stara-zagora]

It rewrites the organisation's rollups (they end as they began: complete).
"""

import argparse
import os
import statistics
import time


def _timed(action, repeat=1):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organization", default="stara-zagora")
    parser.add_argument("--batch", type=int, default=5_000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicpulse.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection, transaction
    from django.db.models import Count, Max, Min, Sum
    from django.db.models.functions import TruncDate, TruncWeek
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from civicpulse.analytics.local_days import WeekStart
    from civicpulse.analytics.models import (
        DailyRollup,
        MonthlyRollup,
        QuestionDailyRollup,
        RollupWatermark,
    )
    from civicpulse.analytics.rollups import rollups_fold, rollups_rebuild, watermark_lock
    from civicpulse.core.models import Organization
    from civicpulse.feedback.models import Response

    organization = Organization.objects.get(slug=options.organization)
    with scope(organization=organization):
        ids = Response.objects.aggregate(low=Min("id"), high=Max("id"), n=Count("id"))
        print(f"{connection.vendor}: {organization.slug}, {ids['n']:,} responses")

        _, rebuild = _timed(lambda: rollups_rebuild(organization=organization), repeat=3)
        print(
            f"rebuild: {min(rebuild):.2f} s (best of 3: {', '.join(f'{t:.2f}' for t in rebuild)})"
        )
        cells = DailyRollup.objects.count(), QuestionDailyRollup.objects.count()
        print(f"daily rows {cells[0]:,}, question rows {cells[1]:,}")

        # Fold every organisation's responses again from the first id, in batches as the
        # follower would.
        with transaction.atomic(), scopes_disabled():
            watermark_lock()
            for model in (DailyRollup, MonthlyRollup, QuestionDailyRollup):
                model.objects.all().delete()
            RollupWatermark.objects.filter(pk=1).update(last_response_id=0, pending=[])
            highest = Response.objects.aggregate(high=Max("id"))["high"]
        started = time.perf_counter()
        read = 0
        while True:
            done = rollups_fold(most=options.batch)
            read += done
            if not done and RollupWatermark.objects.get(pk=1).last_response_id >= highest:
                break
        seconds = time.perf_counter() - started
        print(
            f"fold in batches of {options.batch:,}: {read:,} responses read in {seconds:.2f} s,"
            f" {read / seconds:,.0f} responses/s"
        )
        _, small = _timed(lambda: rollups_fold(), repeat=20)
        print(f"catch-up with nothing new: median {statistics.median(small) * 1000:.1f} ms")

        since = timezone.localdate() - timedelta(days=365)
        rollup_query = (
            DailyRollup.objects.filter(day__gte=since)
            .values("touchpoint__area", week=WeekStart("day"))
            .annotate(n=Sum("responses"), total=Sum("score_sum"), squares=Sum("score_squares"))
            .order_by()
        )
        rows, times = _timed(lambda: list(rollup_query.all()), repeat=7)
        print(
            f"year by area x week from the daily rollup: {len(rows):,} rows,"
            f" median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms"
        )
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(organization.time_zone)
        raw_query = (
            Response.objects.filter(
                submitted_at__gte=timezone.now() - timedelta(days=366),
                touchpoint__isnull=False,
                is_flagged=False,
            )
            .annotate(day=TruncDate("submitted_at", tzinfo=zone))
            .values("touchpoint__area", week=TruncWeek("day"))
            .annotate(n=Count("id"), total=Sum("score"))
            .order_by()
        )
        raw_rows, raw_times = _timed(lambda: list(raw_query.all()), repeat=3)
        print(
            f"the same from raw rows: {len(raw_rows):,} rows,"
            f" median {statistics.median(raw_times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
