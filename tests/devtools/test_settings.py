"""devtools is a dev-only app: dev and test settings install it, production does not."""

import pytest

from tests.config.test_settings import PRODUCTION_ENV, run_with

PROBE = (
    "import django; django.setup(); from django.apps import apps; "
    "from django.core.management import get_commands; commands = get_commands(); "
    "print(apps.is_installed('devtools'), "
    "*(name in commands for name in ('generate_scale_data', 'bench_dashboard', "
    "'bench_module_page')))"
)


@pytest.mark.slow  # starts a Python process of its own
@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.test"])
def test_dev_and_test_settings_install_devtools(module):
    result = run_with(module, PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True"]


@pytest.mark.slow  # starts a Python process of its own
def test_production_settings_do_not_install_devtools():
    result = run_with("config.settings.production", PROBE, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False"]
