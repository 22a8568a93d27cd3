"""Keep the review schedule in step with the lac app's records without the lac app knowing about it.

A new period, a period ending, a placement starting or ending all change what is due (a move restarts the
regulation 28 one-week clock), so each save of a CarePeriod or Placement re-derives that period's schedule.
Bulk writes (the synthetic generator) send no signals; the generator's stage writes the schedules itself.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from safeguard.lac.models import CarePeriod, Placement


@receiver(post_save, sender=CarePeriod, dispatch_uid="carereviews-period-saved")
def _period_saved(sender, instance: CarePeriod, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import schedule_refresh

        schedule_refresh(instance)


@receiver(post_save, sender=Placement, dispatch_uid="carereviews-placement-saved")
def _placement_saved(sender, instance: Placement, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import schedule_refresh

        schedule_refresh(CarePeriod.objects.select_related("child").get(pk=instance.period_id))
