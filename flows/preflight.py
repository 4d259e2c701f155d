"""Checks made before any fetch: the named sources exist and the catalog's credentials work
(exit status 2 in `stcat`, one line naming the key or variable); secrets from the environment
or a Prefect Secret block."""

from __future__ import annotations

import os

from config.loader import ProvinceConfig


def resolve_secret(env_name: str | None, block_name: str | None = None, environ: dict | None = None) -> str | None:
    """A secret from an environment variable, else from a Prefect Secret block (flows only)."""
    environ = os.environ if environ is None else environ
    if env_name and environ.get(env_name):
        return environ[env_name]
    if block_name:
        from prefect.blocks.system import Secret  # only flows/ touches Prefect

        return Secret.load(block_name).get()
    return None


class PreflightError(Exception):
    """Bad catalog credentials or an unreachable catalog, found before any fetch (exit 2)."""


def preflight(cfg: ProvinceConfig, catalog: str, sources: list[str] | None = None) -> None:
    """Check what would otherwise fail only after everything was fetched: the named sources
    exist, and for CKAN the URL and token are set, CKAN answers ``status_show``, and the token
    may create datasets in the publisher's organization (or, when the organization does not
    exist yet, is a logged-in user who may try to create it). Raises ConfigError or
    PreflightError with one line naming the key or variable."""
    for name in sources or []:
        cfg.source(name)
    if catalog != "ckan":
        return
    from ckanapi.errors import NotAuthorized

    from catalog import ckan
    from extractors.http import redact_url

    c = cfg.catalog
    url = resolve_secret(c.url_env)
    if not url:
        raise PreflightError(f"{cfg.path}: catalog: set the environment variable {c.url_env} to the CKAN URL")
    try:
        token = resolve_secret(c.token_env, c.token_block or None)
    except Exception as e:  # a Secret block that cannot be loaded
        raise PreflightError(f"{cfg.path}: catalog.token_block {c.token_block!r}: {type(e).__name__}: {e}") from None
    if not token:
        raise PreflightError(
            f"{cfg.path}: catalog: set the environment variable {c.token_env} to a CKAN API token "
            "(or name a Prefect Secret block in catalog.token_block)"
        )
    where = redact_url(url)
    client = ckan.connect(url, token, user_agent=cfg.user_agent, timeout=(5.0, 30.0), retries=0)
    try:
        try:
            client.call("status_show", {})
        except Exception as e:
            raise PreflightError(
                f"CKAN at {where} ({c.url_env}) does not answer status_show: {type(e).__name__}"
            ) from None
        org = cfg.publisher.ckan_organization
        try:
            exists = org in client.call("organization_list", {"organizations": [org]})  # a list of names
            if exists:
                mine = client.call("organization_list_for_user", {"permission": "create_dataset"})
                if not any(o["name"] == org for o in mine):
                    raise PreflightError(
                        f"the token in {c.token_env} may not create datasets in CKAN organization "
                        f"{org!r} (publisher.ckan_organization in {cfg.path})"
                    )
            else:
                client.call("dashboard_activity_list", {"limit": 1})  # answers only a logged-in user
        except PreflightError:
            raise
        except NotAuthorized:
            raise PreflightError(f"the token in {c.token_env} is not accepted by CKAN at {where}") from None
        except Exception as e:
            raise PreflightError(f"CKAN at {where}: checking the token failed: {type(e).__name__}: {e}") from None
    finally:
        client.close()
