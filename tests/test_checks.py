"""System checks tell a site developer what is wrong, and stay quiet when it is right.

Each check function is called directly under ``override_settings``, so a test
sees exactly one check's answer to exactly one configuration.
"""

import importlib
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command, load_command_class
from django.test.utils import override_settings
from django.utils.translation import gettext_lazy as _

from wagtail_tuidang import checks
from wagtail_tuidang.conf import DEFAULTS, get_setting
from wagtail_tuidang.crypto import FernetCipher

GOOD_KEY = Fernet.generate_key().decode()
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
ALL_CHECKS = [
    checks.check_required_apps,
    checks.check_request_context_processor,
    checks.check_contact_keys,
    checks.check_contact_cipher,
    checks.check_ratelimit_cache_alias,
    checks.check_ratelimit_cache_shared,
    checks.check_setting_values,
    checks.check_client_ip_header,
    checks.check_csrf_cookie_age,
    checks.check_rejection_reasons,
    checks.check_notify_interval,
    checks.check_mirror_hosts,
]


def ids(messages):
    return [message.id for message in messages]


def without_request_processor(engine):
    options = engine.get("OPTIONS", {})
    processors = options.get("context_processors", [])
    return {
        **engine,
        "OPTIONS": {
            **options,
            "context_processors": [
                p for p in processors if p != checks.REQUEST_PROCESSOR
            ],
        },
    }


# A correct production configuration ------------------------------------------


@override_settings(
    WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY], CACHES=REDIS_CACHE, CSRF_COOKIE_AGE=None
)
def test_a_correct_configuration_passes_every_check():
    for check in ALL_CHECKS:
        assert check(app_configs=None) == [], check.__name__


def test_the_test_settings_pass_the_non_deployment_checks():
    messages = [
        message
        for message in run_checks()
        if message.id and message.id.startswith("wagtail_tuidang.")
    ]
    assert messages == []


def test_deployment_checks_are_registered_as_such():
    """Development may run without contact keys; a deployment may not."""
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[]):
        assert "wagtail_tuidang.E003" not in ids(run_checks())
        deploy_ids = ids(run_checks(include_deployment_checks=True))
    assert "wagtail_tuidang.E003" in deploy_ids
    assert "wagtail_tuidang.W001" in deploy_ids  # the tests use LocMemCache


# E001: required apps ----------------------------------------------------------


@pytest.mark.parametrize("missing", checks.REQUIRED_APPS)
def test_e001_names_each_missing_app(missing):
    # A small app list: re-running the ready() of Wagtail's admin apps in the
    # same process would register their hooks and API routes a second time.
    installed = [
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "wagtail_tuidang",
        *(app for app in checks.REQUIRED_APPS if app != missing),
    ]
    with override_settings(INSTALLED_APPS=installed):
        errors = checks.check_required_apps(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E001"]
    assert f"'{missing}'" in errors[0].msg
    assert "migrate" in errors[0].hint


def test_e001_is_quiet_when_every_app_is_installed():
    assert checks.check_required_apps(app_configs=None) == []


# E002: request context processor ----------------------------------------------


def test_e002_without_the_request_context_processor():
    templates = [without_request_processor(e) for e in settings.TEMPLATES]
    with override_settings(TEMPLATES=templates):
        errors = checks.check_request_context_processor(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E002"]
    assert checks.REQUEST_PROCESSOR in errors[0].msg


def test_e002_ignores_engines_other_than_django_templates():
    jinja = {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "OPTIONS": {"context_processors": [checks.REQUEST_PROCESSOR]},
    }
    django_engine = without_request_processor(settings.TEMPLATES[0])
    with override_settings(TEMPLATES=[jinja, django_engine]):
        errors = checks.check_request_context_processor(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E002"]


def test_e002_is_satisfied_by_any_django_templates_engine():
    bare = without_request_processor(settings.TEMPLATES[0])
    with override_settings(TEMPLATES=[bare, settings.TEMPLATES[0]]):
        assert checks.check_request_context_processor(app_configs=None) == []


# E003, E004: contact keys -----------------------------------------------------


def test_e003_when_contact_keys_are_empty():
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[]):
        errors = checks.check_contact_keys(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E003"]


def test_w006_says_the_form_leaves_out_contacts_without_a_key():
    """Without --deploy, a site with no contact key hears why its form has
    no contact field."""
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[]):
        messages = checks.check_contact_cipher(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.W006"]


def test_e003_when_contact_keys_are_not_set_at_all():
    with override_settings():
        del settings.WAGTAIL_TUIDANG_CONTACT_KEYS
        errors = checks.check_contact_keys(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E003"]


@pytest.mark.parametrize("position", ["alone", "after a good key"])
def test_e004_when_secret_key_is_a_contact_key(position):
    keys = [settings.SECRET_KEY] if position == "alone" else [GOOD_KEY]
    if position != "alone":
        keys.append(settings.SECRET_KEY)
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=keys):
        errors = checks.check_contact_keys(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E004"]


def test_contact_keys_apart_from_secret_key_pass():
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY]):
        assert checks.check_contact_keys(app_configs=None) == []


# E005: contact cipher ---------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [["not a fernet key"], [GOOD_KEY, "too-short"], [GOOD_KEY[:-2]]],
    ids=["not a key", "second key broken", "truncated key"],
)
def test_e005_when_a_key_is_not_a_fernet_key(keys):
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=keys):
        errors = checks.check_contact_cipher(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E005"]


@pytest.mark.parametrize(
    "cipher",
    [
        {"CLASS": "wagtail_tuidang.crypto.NoSuchCipher", "OPTIONS": {}},
        {"CLASS": "no_such_module.Cipher"},
        {"CLASS": "not-a-dotted-path"},
        {"OPTIONS": {}},
    ],
    ids=["unknown class", "unknown module", "not a dotted path", "no CLASS"],
)
def test_e005_when_the_cipher_class_is_wrong(cipher):
    with override_settings(
        WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY],
        WAGTAIL_TUIDANG_CONTACT_CIPHER=cipher,
    ):
        errors = checks.check_contact_cipher(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E005"]


def test_e005_leaves_missing_keys_to_e003_and_w006():
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[]):
        messages = checks.check_contact_cipher(app_configs=None)
    assert "wagtail_tuidang.E005" not in ids(messages)


# E006, W001: rate-limit cache ---------------------------------------------------


def test_e006_when_the_rate_limit_cache_alias_is_unknown():
    with override_settings(WAGTAIL_TUIDANG_RATELIMIT_CACHE="ratelimits"):
        errors = checks.check_ratelimit_cache_alias(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E006"]
    assert "'ratelimits'" in errors[0].msg


def test_e006_accepts_any_alias_in_caches():
    caches = {**REDIS_CACHE, "ratelimits": REDIS_CACHE["default"]}
    with override_settings(CACHES=caches, WAGTAIL_TUIDANG_RATELIMIT_CACHE="ratelimits"):
        assert checks.check_ratelimit_cache_alias(app_configs=None) == []


@pytest.mark.parametrize("backend", checks.PER_PROCESS_CACHES)
def test_w001_when_rate_limits_live_in_one_process(backend):
    with override_settings(CACHES={"default": {"BACKEND": backend}}):
        warnings = checks.check_ratelimit_cache_shared(app_configs=None)
    assert ids(warnings) == ["wagtail_tuidang.W001"]
    assert backend in warnings[0].msg


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
    ],
)
def test_w001_is_quiet_for_shared_caches(backend):
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": backend, "LOCATION": "somewhere"},
    }
    with override_settings(CACHES=caches, WAGTAIL_TUIDANG_RATELIMIT_CACHE="shared"):
        assert checks.check_ratelimit_cache_shared(app_configs=None) == []


def test_w001_leaves_an_unknown_alias_to_e006():
    with override_settings(WAGTAIL_TUIDANG_RATELIMIT_CACHE="nowhere"):
        assert checks.check_ratelimit_cache_shared(app_configs=None) == []


# E007: numbers ------------------------------------------------------------------


@pytest.mark.parametrize("name", checks.POSITIVE_INTEGER_SETTINGS)
@pytest.mark.parametrize("value", [0, -1, "5", 2.5, True, None])
def test_e007_for_anything_but_a_positive_whole_number(name, value):
    with override_settings(**{f"WAGTAIL_TUIDANG_{name}": value}):
        errors = checks.check_setting_values(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E007"]
    assert f"WAGTAIL_TUIDANG_{name}" in errors[0].msg
    assert repr(value) in errors[0].msg


@pytest.mark.parametrize("name", checks.POSITIVE_INTEGER_SETTINGS)
def test_e007_accepts_positive_whole_numbers(name):
    with override_settings(**{f"WAGTAIL_TUIDANG_{name}": 1}):
        assert checks.check_setting_values(app_configs=None) == []


@pytest.mark.parametrize("value", ["3", None, [3]])
def test_e007_when_min_fill_seconds_is_not_a_number(value):
    with override_settings(WAGTAIL_TUIDANG_MIN_FILL_SECONDS=value):
        errors = checks.check_setting_values(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E007"]
    assert "MIN_FILL_SECONDS" in errors[0].msg


@pytest.mark.parametrize("value", [0, 2, 1.5])
def test_min_fill_seconds_may_be_any_number(value):
    with override_settings(WAGTAIL_TUIDANG_MIN_FILL_SECONDS=value):
        assert checks.check_setting_values(app_configs=None) == []


def test_every_wrong_number_is_reported_at_once():
    wrong = {f"WAGTAIL_TUIDANG_{name}": 0 for name in checks.POSITIVE_INTEGER_SETTINGS}
    with override_settings(**wrong):
        errors = checks.check_setting_values(app_configs=None)
    assert len(errors) == len(checks.POSITIVE_INTEGER_SETTINGS)


# get_setting --------------------------------------------------------------------


def test_get_setting_falls_back_to_the_default():
    with override_settings():
        del settings.WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE
        assert get_setting("STATEMENTS_PER_PAGE") == DEFAULTS["STATEMENTS_PER_PAGE"]


def test_get_setting_is_read_at_call_time():
    with override_settings(WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE=7):
        assert get_setting("STATEMENTS_PER_PAGE") == 7
        with override_settings(WAGTAIL_TUIDANG_STATEMENTS_PER_PAGE=9):
            assert get_setting("STATEMENTS_PER_PAGE") == 9
        assert get_setting("STATEMENTS_PER_PAGE") == 7


def test_get_setting_refuses_an_unknown_name():
    with pytest.raises(KeyError, match="WAGTAIL_TUIDANG_NO_SUCH_SETTING"):
        get_setting("NO_SUCH_SETTING")


# tuidang_generate_key ---------------------------------------------------------------


def generate_key():
    out = StringIO()
    call_command("tuidang_generate_key", stdout=out)
    return out.getvalue()


def test_generate_key_prints_a_key_the_cipher_accepts():
    output = generate_key()
    key = output.strip()
    assert output == key + "\n"  # nothing else, so $(...) captures just the key
    cipher = FernetCipher([key])
    assert cipher.decrypt(cipher.encrypt("电话 +1 555 0100")) == "电话 +1 555 0100"
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[key]):
        assert checks.check_contact_cipher(app_configs=None) == []
        assert checks.check_contact_keys(app_configs=None) == []


def test_generate_key_prints_a_new_key_each_time():
    assert generate_key() != generate_key()


def test_generate_key_runs_when_the_configured_keys_are_broken():
    """The command is how a site repairs E005, so E005 must not stop it."""
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=["broken"]):
        assert generate_key().strip()


def test_generate_key_explains_itself_in_help():
    command = load_command_class("wagtail_tuidang", "tuidang_generate_key")
    parser = command.create_parser("manage.py", "tuidang_generate_key")
    assert "WAGTAIL_TUIDANG_CONTACT_KEYS" in parser.format_help()


# E008: client address header; W002: CSRF cookie lifetime -----------------------


@pytest.mark.parametrize("header", [None, "REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"])
def test_e008_accepts_remote_addr_or_a_request_header(header):
    with override_settings(WAGTAIL_TUIDANG_CLIENT_IP_HEADER=header):
        assert checks.check_client_ip_header(app_configs=None) == []


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x_forwarded_for", 1])
def test_e008_when_the_header_is_not_a_request_meta_key(header):
    with override_settings(WAGTAIL_TUIDANG_CLIENT_IP_HEADER=header):
        assert ids(checks.check_client_ip_header(app_configs=None)) == [
            "wagtail_tuidang.E008"
        ]


def test_w002_when_the_csrf_cookie_outlives_the_session():
    with override_settings(CSRF_COOKIE_AGE=31449600):
        assert ids(checks.check_csrf_cookie_age(app_configs=None)) == [
            "wagtail_tuidang.W002"
        ]
    with override_settings(CSRF_COOKIE_AGE=None):
        assert checks.check_csrf_cookie_age(app_configs=None) == []


# E009, E010: moderation settings -------------------------------------------------


@pytest.mark.parametrize(
    "reasons",
    [
        [],
        [("a", "one"), ("a", "two")],
        [("a",)],
        [("", "empty key")],
        [("long", "x" * 256)],
        "not a list",
        # Wrong types: answered with E009, never a TypeError.
        5,
        None,
        {"spam": "Spam"},
        [("a", "one"), 5],
        [(1, "a number as key")],
        [("none", None)],
        [["a", "one", "extra"]],
        [None],
    ],
)
def test_e009_for_unusable_rejection_reasons(reasons):
    with override_settings(WAGTAIL_TUIDANG_REJECTION_REASONS=reasons):
        assert ids(checks.check_rejection_reasons(app_configs=None)) == [
            "wagtail_tuidang.E009"
        ]


def test_e009_accepts_lists_and_translated_texts():
    reasons = [["spam", _("Spam")], ("other", "Another reason")]
    with override_settings(WAGTAIL_TUIDANG_REJECTION_REASONS=reasons):
        assert checks.check_rejection_reasons(app_configs=None) == []


@pytest.mark.parametrize(
    "interval", [-1, "3600", 1.5, True, False, None, [3600], {"seconds": 1}]
)
def test_e010_for_a_notify_interval_that_is_not_whole_seconds(interval):
    with override_settings(WAGTAIL_TUIDANG_NOTIFY_INTERVAL=interval):
        assert ids(checks.check_notify_interval(app_configs=None)) == [
            "wagtail_tuidang.E010"
        ]


@pytest.mark.parametrize("interval", [0, 3600])
def test_e010_accepts_zero_and_positive_seconds(interval):
    with override_settings(WAGTAIL_TUIDANG_NOTIFY_INTERVAL=interval):
        assert checks.check_notify_interval(app_configs=None) == []


def test_bad_moderation_settings_are_reported_by_manage_py_check():
    """Both settings wrong at once: each gets its own error, and the check
    command reports them instead of crashing."""
    with override_settings(
        WAGTAIL_TUIDANG_REJECTION_REASONS=None, WAGTAIL_TUIDANG_NOTIFY_INTERVAL=None
    ):
        found = ids(run_checks())
    assert "wagtail_tuidang.E009" in found and "wagtail_tuidang.E010" in found


def test_moderation_settings_defaults_pass():
    assert checks.check_rejection_reasons(app_configs=None) == []
    assert checks.check_notify_interval(app_configs=None) == []


@override_settings(
    WAGTAIL_TUIDANG_STATEMENT_VIEWSET="tests.testapp.viewsets.SiteQueueViewSet"
)
def test_a_site_registers_its_own_statement_viewset_in_the_plugins_place():
    from wagtail_tuidang.wagtail_hooks import register_statement_viewset

    viewset = register_statement_viewset()
    assert type(viewset).__name__ == "SiteQueueViewSet"
    assert viewset.name == "wagtail_tuidang_statements"
    assert viewset.list_per_page == 100
    assert checks.check_statement_viewset(None) == []


@pytest.mark.parametrize(
    "path",
    [
        "tests.testapp.viewsets.Missing",
        "no.such.module.ViewSet",
        "wagtail.admin.viewsets.model.ModelViewSet",
        "wagtail_tuidang.conf.DEFAULTS",
    ],
)
def test_e011_for_a_statement_viewset_that_cannot_be_used(path):
    with override_settings(WAGTAIL_TUIDANG_STATEMENT_VIEWSET=path):
        errors = checks.check_statement_viewset(None)
    assert [error.id for error in errors] == ["wagtail_tuidang.E011"]


# E014: a published development contact key -------------------------------------

DEV_KEY = "GKqKzJxeX4dM_fbI4gQT6r2W0tDpYwC9Ai1AhQe0NLk="


def test_e014_the_example_sites_development_key_is_in_the_known_list():
    dev = importlib.import_module("example_site.settings.dev")
    assert set(dev.WAGTAIL_TUIDANG_CONTACT_KEYS) <= checks.DEVELOPMENT_CONTACT_KEYS
    assert set(settings.WAGTAIL_TUIDANG_CONTACT_KEYS) <= checks.DEVELOPMENT_CONTACT_KEYS


@pytest.mark.parametrize(
    "keys",
    [[DEV_KEY], [GOOD_KEY, DEV_KEY], [f" {DEV_KEY} "], (DEV_KEY,), [DEV_KEY.encode()]],
    ids=["only", "older", "spaces", "tuple", "bytes"],
)
def test_e014_a_development_key_is_refused_wherever_it_stands(keys):
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=keys):
        messages = checks.check_development_contact_keys(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E014"]
    assert "WAGTAIL_TUIDANG_CONTACT_KEYS" in messages[0].msg


def test_e014_covers_other_contact_key_settings():
    with override_settings(
        WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY],
        WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS=[DEV_KEY],
    ):
        messages = checks.check_development_contact_keys(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E014"]
    assert "WAGTAIL_TUIDANG_CONTACT_PRIVATE_KEYS" in messages[0].msg


def test_e014_covers_the_ciphers_own_key_options():
    cipher = {"CLASS": "myapp.Cipher", "OPTIONS": {"PRIVATE_KEYS": [DEV_KEY]}}
    with override_settings(
        WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY], WAGTAIL_TUIDANG_CONTACT_CIPHER=cipher
    ):
        messages = checks.check_development_contact_keys(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E014"]
    assert "PRIVATE_KEYS" in messages[0].msg


@override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[GOOD_KEY])
def test_e014_a_key_of_ones_own_passes():
    assert checks.check_development_contact_keys(app_configs=None) == []


def test_e014_runs_with_deploy_only():
    with override_settings(WAGTAIL_TUIDANG_CONTACT_KEYS=[DEV_KEY]):
        assert "wagtail_tuidang.E014" not in ids(run_checks())
        assert "wagtail_tuidang.E014" in ids(run_checks(include_deployment_checks=True))


# E015: django-axes keeps no address ----------------------------------------------


def test_e015_the_example_settings_keep_no_address():
    assert checks.check_login_throttle_privacy(app_configs=None) == []


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler", "database"),
        ("AXES_LOCKOUT_PARAMETERS", ["ip_address"], "IP address"),
        ("AXES_LOCKOUT_PARAMETERS", [["username", "user_agent"]], "user agent"),
        ("AXES_VERBOSE", True, "AXES_VERBOSE"),
        ("AXES_CLIENT_IP_CALLABLE", None, "AXES_CLIENT_IP_CALLABLE"),
    ],
)
def test_e015_each_way_axes_would_keep_an_address(setting, value, said):
    with override_settings(**{setting: value}):
        messages = checks.check_login_throttle_privacy(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E015"]
    assert said in messages[0].msg


# E016: the two-factor requirement ------------------------------------------------


@pytest.mark.parametrize(
    "value", [False, True, "all", ["wagtail_tuidang.view_contact"], ()]
)
def test_e016_accepts_each_documented_value(value):
    with override_settings(WAGTAIL_TUIDANG_REQUIRE_2FA=value):
        assert checks.check_two_factor(app_configs=None) == []


@pytest.mark.parametrize(
    "value", ["yes", 1, None, ["view_contact"], [3], {"a.b": 1}], ids=repr
)
def test_e016_refuses_what_it_cannot_understand(value):
    with override_settings(WAGTAIL_TUIDANG_REQUIRE_2FA=value):
        messages = checks.check_two_factor(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E016"]


def test_e016_a_requirement_without_its_middleware_is_an_error():
    middleware = [m for m in settings.MIDDLEWARE if m != checks.TWO_FACTOR_MIDDLEWARE]
    with override_settings(WAGTAIL_TUIDANG_REQUIRE_2FA=True, MIDDLEWARE=middleware):
        messages = checks.check_two_factor(app_configs=None)
    assert ids(messages) == ["wagtail_tuidang.E016"]
    assert checks.TWO_FACTOR_MIDDLEWARE in messages[0].msg


# W009: frontend cache ----------------------------------------------------------

CDN = {"cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend"}}


def test_w009_when_a_cdn_is_configured_but_frontend_cache_is_not_installed():
    installed = [
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "wagtail_tuidang",
        *checks.REQUIRED_APPS,
    ]
    with override_settings(INSTALLED_APPS=installed, WAGTAILFRONTENDCACHE=CDN):
        warnings = checks.check_frontend_cache(app_configs=None)
    assert ids(warnings) == ["wagtail_tuidang.W009"]
    assert "wagtail.contrib.frontend_cache" in warnings[0].hint


def test_w009_is_quiet_when_frontend_cache_is_installed_or_no_cdn_is_set():
    with override_settings(WAGTAILFRONTENDCACHE=CDN):
        assert checks.check_frontend_cache(app_configs=None) == []
    assert checks.check_frontend_cache(app_configs=None) == []


# E020, W011: flood limits and the proof of work ---------------------------------


@pytest.mark.parametrize(("name", "least"), checks.FLOOD_SETTINGS)
@pytest.mark.parametrize("offset", [-1, "text", 2.5, True])
def test_e020_for_a_flood_setting_out_of_range(name, least, offset):
    value = least - 1 if offset == -1 else offset
    with override_settings(**{f"WAGTAIL_TUIDANG_{name}": value}):
        errors = checks.check_flood_settings(app_configs=None)
    assert ids(errors) == ["wagtail_tuidang.E020"]
    assert f"WAGTAIL_TUIDANG_{name}" in errors[0].msg


def test_e020_accepts_the_defaults():
    assert checks.check_flood_settings(app_configs=None) == []


def test_w011_when_the_highest_difficulty_is_too_slow_for_a_phone():
    with override_settings(WAGTAIL_TUIDANG_POW_COST=4000):  # × 2⁴ = 64,000
        warnings = checks.check_pow_cost(app_configs=None)
    assert ids(warnings) == ["wagtail_tuidang.W011"]
    assert "64000" in warnings[0].msg
    assert checks.check_pow_cost(app_configs=None) == []  # 1,000 × 2⁴
