from django.db import migrations, models


class Migration(migrations.Migration):
    """Evidence is the one link from an obligation to what fulfilled it (0007 copied the old
    links); the waiting-list position is kept exactly for those waiting; targets are positive."""

    dependencies = [
        ("programs", "0007_obligation_links_to_evidence"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='aid',
            name='obligations',
        ),
        migrations.RemoveField(
            model_name='training',
            name='obligations',
        ),
        migrations.AddConstraint(
            model_name='obligation',
            constraint=models.CheckConstraint(condition=models.Q(('target_quantity__gt', 0)), name='obligation_target_positive', violation_error_message='Target harus paling sedikit 1.'),
        ),
        migrations.AddConstraint(
            model_name='trainingparticipant',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'waitlisted'), ('waitlist_position__isnull', False)), models.Q(models.Q(('status', 'waitlisted'), _negated=True), ('waitlist_position__isnull', True)), _connector='OR'), name='participant_waitlist_position_iff_waitlisted', violation_error_message='Nomor antrean hanya untuk peserta di daftar tunggu.'),
        ),
    ]
