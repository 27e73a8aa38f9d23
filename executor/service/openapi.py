"""The OpenAPI 3.1 document of the HTTP API, written by hand: every endpoint, body, response,
security scheme and the error object. Served at GET /openapi.json; a test checks that it
names every route of the app.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from executor.event import TRIGGER
from executor.packaging import LANGUAGES, MAX_DEPENDENCIES
from executor.registry import MAX_BINDINGS, MAX_CODE_BYTES, MAX_SECRET_VALUE, MAX_SECRETS
from executor.service.errors import FORBIDDEN, METHOD_NOT_ALLOWED, NOT_FOUND, UNAUTHORIZED
from executor.stores.base import NAME_RE
from sandbox.errors import ERROR_TYPES
from sandbox.limits import Limits

VERSION = "0.1.0"
ERROR_TYPE_NAMES = sorted([*ERROR_TYPES, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED])

Security = list[dict[str, list[str]]]
ADMIN: Security = [{"adminToken": []}]
TENANT: Security = [{"tenantKey": []}]
ADMIN_OR_TENANT: Security = [{"adminToken": []}, {"tenantKey": []}]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], required: list[str] | None = None, *,
         closed: bool = True, description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "required": required if required is not None else list(properties)}
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


def _name(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": NAME_RE.pattern, "description": description}


def _param(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or _name(description)}


TENANT_PARAM = _param("tenant", "The tenant id.")
ACTION_PARAM = _param("name", "The action's name.")
TRIGGER_PARAM = _param("trigger", f"The trigger; only {TRIGGER} exists.",
                       {"type": "string", "enum": [TRIGGER]})


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(name: str, description: str) -> dict[str, Any]:
    return {"required": True, **_json(_ref(name), description)}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/E{code}"} for code in codes}


def _operation(op_id: str, summary: str, description: str, *, security: Security,
               params: list[dict[str, Any]], ok: dict[str, Any], errors: tuple[str, ...],
               body: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op_id, "summary": summary, "description": description,
        "security": security, "parameters": params,
        "responses": {"200": ok, **_errors(*errors)},
    }
    if body is not None:
        operation["requestBody"] = body
    return operation


MANAGE_ERRORS = ("400", "401", "403", "413", "503")
EXEC_ERRORS = ("400", "401", "403", "404", "409", "413", "500", "503", "504")

ERROR_RESPONSES = {
    "400": "The body is not JSON, not an object of the documented shape, or refused by the "
           "registry or the executor: `invalid_action` on management endpoints, "
           "`invalid_event` on execute and continue (also a failed result whose event or "
           "continue request was unusable, so that no action ran).",
    "401": "`unauthorized`: no `Authorization: Bearer` header, or a token that is neither "
           "the admin token nor a known API key.",
    "403": "`forbidden`: a tenant key on another tenant's path, a tenant key on an "
           "admin-only endpoint, or the admin token on execute/continue (tenant traffic "
           "needs the tenant's own key).",
    "404": "`not_found`: an unknown route or trigger.",
    "409": "`invalid_state`: the state is unknown, expired, already used, or another "
           "tenant's (all answered alike); nothing ran.",
    "413": "The body is over the service's `max_body_bytes` (1 MiB by default); the type "
           "is that of the endpoint's input errors.",
    "500": "`internal`: a bug, or a job the worker pool gave up on.",
    "503": "`store_unavailable`: Redis cannot be reached; nothing was committed.",
    "504": "`timeout`: queue mode, no worker answered in time. The job may still run, "
           "and then commits its effects.",
}

LIMIT_NAMES = [f.name for f in dataclasses.fields(Limits)]

SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": _obj({
        "type": {"type": "string", "enum": ERROR_TYPE_NAMES},
        "message": {"type": "string", "description": "For people; quotes no secret or token."},
    })}, description="Every error response."),
    "Key": _obj({"key": {"type": "string", "pattern": "^ek_[A-Za-z0-9_-]{43}$",
                         "description": "Shown once; only its SHA-256 is stored."}}),
    "Revoked": _obj({"revoked": {"type": "boolean", "enum": [True]}}),
    "Limits": {
        "type": "object", "description": "Overrides of sandbox.Limits, each a positive integer.",
        "properties": {name: {"type": "integer", "minimum": 1} for name in LIMIT_NAMES},
        "additionalProperties": False,
    },
    "DeployRequest": _obj({
        "code": {"type": "string", "description": f"CommonJS source, at most {MAX_CODE_BYTES} "
                 "bytes of UTF-8, exporting onExecutePostChallenge (and optionally "
                 "onContinuePostChallenge)."},
        "secrets": _nullable({"type": "object", "maxProperties": MAX_SECRETS,
                              "additionalProperties": {"type": "string",
                                                       "maxLength": MAX_SECRET_VALUE},
                              "description": "event.secrets of this action; encrypted at rest."}),
        "limits": _nullable(_ref("Limits")),
        "net": _nullable(_ref("NetRules")),
        "dependencies": _nullable({
            "type": "array", "maxItems": MAX_DEPENDENCIES, "items": _ref("Dependency"),
            "description": "npm packages the code requires, as Auth0 declares them: installed "
            "(`npm install --ignore-scripts`) and bundled with the code at deploy; the "
            "answer lists what they resolved to. Packages with native addons are refused."}),
        "language": _nullable({"type": "string", "enum": list(LANGUAGES),
                               "description": "typescript: compiled by esbuild at deploy; "
                               "stack traces name the .ts lines (default javascript)."}),
    }, ["code"]),
    "Dependency": _obj({
        "name": {"type": "string", "maxLength": 214, "description": "An npm registry package."},
        "version": {"type": "string", "description": "A version, a semver range or a dist-tag "
                    "(never a URL, path or git spec); a range is resolved once and pinned."},
    }, ["name"]),
    "ResolvedPackage": _obj({"name": {"type": "string"}, "version": {"type": "string"},
                             "integrity": {"type": "string",
                                           "description": "npm's SRI hash (sha512-...)."}}),
    "NetRules": _obj({
        "allow": {"type": "array", "items": {"type": "string"}, "description":
                  "HOST[:PORT] reachable even when private or loopback (default: public "
                  "addresses only)."},
        "deny": {"type": "array", "items": {"type": "string"},
                 "description": "HOST[:PORT] never reachable."},
        "enabled": {"type": "boolean", "description": "false: no outbound request at all."},
        "public": {"type": "boolean", "description": "false: public addresses not either."},
    }, [], description="Egress rules. On a tenant (admin): added to the operator's policy. "
       "On a deploy: they may only narrow the tenant's policy (an allow it does not already "
       "have is refused)."),
    "Deployed": _obj({
        "name": {"type": "string"},
        "version": {"type": "integer", "minimum": 1, "description": "The version now current."},
        "language": {"type": "string", "enum": list(LANGUAGES)},
        "dependencies": {"type": "array", "items": _ref("Dependency"),
                         "description": "As declared."},
        "packages": {"type": "array", "items": _ref("ResolvedPackage"), "description":
                     "Every installed package (declared and transitive), as resolved."},
        "bundle": _obj({"digest": {"type": "string", "description": "sha256:<hex> of the "
                                   "program the workers run."},
                        "bytes": {"type": "integer"}}),
    }, ["name", "version"], description="language, dependencies, packages and bundle are "
       "there when the deploy was packaged (dependencies, or TypeScript)."),
    "BindRequest": _obj({"actions": {"type": "array", "maxItems": MAX_BINDINGS,
                                     "uniqueItems": True,
                                     "items": _name("A deployed action's name."),
                                     "description": "Run in this order; [] unbinds all."}}),
    "Binding": _obj({"tenant": {"type": "string"}, "trigger": {"type": "string"},
                     "actions": {"type": "array", "items": {"type": "string"}}}),
    "RollbackRequest": _obj({"version": {"type": "integer", "minimum": 1}}),
    "ExecuteRequest": _obj({"event": {
        "type": "object", "description": "The trigger's event (shared/trigger.md); "
        "`user.user_id` and `request.ip` are required, `tenant.id` is set to the tenant."}}),
    "ContinueRequest": _obj({
        "state": {"type": "string", "description": "`state` of the suspended result."},
        "request": _obj({
            "query": {"type": "object"}, "body": {"type": "object"},
            "ip": {"type": "string"}, "hostname": {"type": "string"},
            "method": {"type": "string", "enum": ["GET", "POST"]},
            "prompt": _obj({"id": {"type": "string"}, "fields": {"type": "object"}},
                           ["id"], closed=False),
            "challenge": _obj({"completed": {"type": "array", "items": {"type": "string"}}},
                              ["completed"], closed=False),
        }, [], closed=False, description="The browser's new request; {} when omitted."),
    }, ["state"]),
    "ActionReport": _obj({
        "name": {"type": "string"},
        "handler": {"type": "string",
                    "enum": ["onExecutePostChallenge", "onContinuePostChallenge"]},
        "status": {"type": "string", "enum": ["ok", "error"]},
        "duration_ms": {"type": "number"}, "fuel": {"type": "integer"},
        "memory_bytes": {"type": "integer"},
        "logs": {"type": "array", "items": {"type": "string"}},
        "error": _nullable({"type": "object"}),
        "requests": {"type": "array", "items": _obj({
            "method": {"type": "string"}, "host": {"type": "string"},
            "status": _nullable({"type": "integer"}), "duration_ms": {"type": "number"},
            "bytes": {"type": "integer"}, "error": _nullable({"type": "string"}),
        }), "description": "Outbound requests (never headers, bodies, paths or queries)."},
    }),
    "Result": _obj({
        "status": {"type": "string", "enum": ["completed", "denied", "challenge", "redirect",
                                              "prompt", "failed"]},
        "state": _nullable({"type": "string", "description": "Continuation handle."}),
        "deny": _nullable(_obj({"reason": {"type": "string"}})),
        "challenge": _nullable(_obj({
            "mode": {"type": "string", "enum": ["with", "any"]},
            "factors": {"type": "array", "items": _obj(
                {"type": {"type": "string"}, "options": {"type": "object"}}, ["type"])},
        })),
        "redirect": _nullable(_obj({"url": {"type": "string"}})),
        "prompt": _nullable(_obj({"id": {"type": "string"}, "fields": {"type": "object"},
                                  "vars": {"type": "object"}})),
        "result_url": _nullable({"type": "string"}),
        "cache": _obj({
            "set": {"type": "object", "additionalProperties": _obj(
                {"value": {"type": "string"}, "expires_at": {"type": "integer"}})},
            "deleted": {"type": "array", "items": {"type": "string"}},
        }),
        "actions": {"type": "array", "items": _ref("ActionReport")},
        "error": _nullable(_obj({
            "type": {"type": "string", "enum": sorted(ERROR_TYPES)},
            "message": {"type": "string"},
            "action": _nullable({"type": "string"}),
        })),
    }, description="The result object of shared/contract.md: every field always present. "
       "Returned with 200 for every status, `failed` included (the flow ran and failed: "
       "the action threw, ran out of fuel or time...), except the failed results that are "
       "error responses: unusable input with no action run (400/409) and platform faults "
       "(503/500)."),
    "Health": _obj({"status": {"type": "string", "enum": ["ok"]},
                    "mode": {"type": "string", "enum": ["queue", "inprocess"]},
                    "redis": {"type": "string", "enum": ["ok"]}}),
}

ERROR_KIND = ("The execution answered with 200 and the result object, whatever its status "
              "(`failed` included), except as the error responses say.")

PATHS: dict[str, Any] = {
    "/v1/tenants/{tenant}/keys": {"post": _operation(
        "createKey", "Create an API key for a tenant",
        "Admin only. The key is returned once; only its SHA-256 is stored. A tenant may hold "
        "several keys (rotation: create the new one, switch callers, revoke the old one).",
        security=ADMIN, params=[TENANT_PARAM], ok=_json(_ref("Key"), "The new key."),
        errors=MANAGE_ERRORS)},
    "/v1/tenants/{tenant}/keys/revoke": {"post": _operation(
        "revokeKey", "Revoke one of the tenant's API keys",
        "Admin or the tenant's key (a key may revoke itself). A key that is not the "
        "tenant's, or no longer exists, is `not_found` (404).",
        security=ADMIN_OR_TENANT, params=[TENANT_PARAM],
        ok=_json(_ref("Revoked"), "The key no longer authenticates."),
        errors=(*MANAGE_ERRORS, "404"), body=_body("Key", "The key to revoke."))},
    "/v1/tenants/{tenant}/actions/{name}": {"put": _operation(
        "deployAction", "Deploy a new version of an action",
        "Admin or the tenant's key. Every deploy makes a new immutable version, current at "
        "once: bound triggers run it from their next execution.",
        security=ADMIN_OR_TENANT, params=[TENANT_PARAM, ACTION_PARAM],
        ok=_json(_ref("Deployed"), "The new version."), errors=MANAGE_ERRORS,
        body=_body("DeployRequest", "The action's source, secrets and limit overrides."))},
    "/v1/tenants/{tenant}/actions/{name}/rollback": {"post": _operation(
        "rollbackAction", "Make an earlier version of an action current again",
        "Admin or the tenant's key. An unknown action or version is `invalid_action` (400).",
        security=ADMIN_OR_TENANT, params=[TENANT_PARAM, ACTION_PARAM],
        ok=_json(_ref("Deployed"), "The version now current."), errors=MANAGE_ERRORS,
        body=_body("RollbackRequest", "The version to make current."))},
    "/v1/tenants/{tenant}/triggers/{trigger}/bindings": {"put": _operation(
        "bindActions", "Bind actions to a trigger, in order",
        "Admin or the tenant's key. Replaces the binding; every name must be deployed "
        "(else `invalid_action`, 400, naming them, and nothing changes). An unknown trigger "
        "is 404.",
        security=ADMIN_OR_TENANT, params=[TENANT_PARAM, TRIGGER_PARAM],
        ok=_json(_ref("Binding"), "The binding now in force."),
        errors=(*MANAGE_ERRORS, "404"), body=_body("BindRequest", "The action names."))},
    "/v1/tenants/{tenant}/net": {
        "get": _operation(
            "getNet", "The egress rules granted to a tenant",
            "Admin only. What the operator added to its policy for this tenant.",
            security=ADMIN, params=[TENANT_PARAM], ok=_json(_ref("NetRules"), "The rules."),
            errors=MANAGE_ERRORS),
        "put": _operation(
            "setNet", "Grant a tenant egress rules of its own",
            "Admin only. Replaces the tenant's rules; every worker and the service see them "
            "from the next execution.",
            security=ADMIN, params=[TENANT_PARAM], ok=_json(_ref("NetRules"), "The rules now in "
            "force."), errors=MANAGE_ERRORS, body=_body("NetRules", "The rules.")),
    },
    "/v1/tenants/{tenant}/triggers/{trigger}/execute": {"post": _operation(
        "execute", "Run the actions bound to a trigger on an event",
        f"The tenant's key only. {ERROR_KIND} Nothing bound is a failed result "
        "(`invalid_action`, 200).",
        security=TENANT, params=[TENANT_PARAM, TRIGGER_PARAM],
        ok=_json(_ref("Result"), "The result object."), errors=EXEC_ERRORS,
        body=_body("ExecuteRequest", "The event."))},
    "/v1/tenants/{tenant}/continue": {"post": _operation(
        "continue", "Continue a flow suspended by a challenge, redirect or prompt",
        "The tenant's key only; a state of another tenant is refused as unknown (409). "
        f"{ERROR_KIND}",
        security=TENANT, params=[TENANT_PARAM], ok=_json(_ref("Result"), "The result object."),
        errors=EXEC_ERRORS,
        body=_body("ContinueRequest", "The state and the browser's new request."))},
    "/healthz": {"get": {
        "operationId": "health", "summary": "Check that the service can reach Redis",
        "security": [],
        "responses": {"200": _json(_ref("Health"), "Redis answered PING."), **_errors("503")},
    }},
    "/metrics": {"get": {
        "operationId": "metrics", "summary": "Prometheus metrics (text exposition format)",
        "security": [],
        "responses": {"200": {"description": "Executions by tenant and status, errors by "
                              "type, durations, in-flight and queue depth per tenant.",
                              "content": {"text/plain": {"schema": {"type": "string"}}}}},
    }},
    "/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document", "security": [],
        "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1.")},
    }},
}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "action-executor",
            "version": VERSION,
            "description": "Deploy, bind and run Auth0 password-reset-post-challenge actions "
            "for many tenants, each in a WebAssembly sandbox. Every error is "
            '`{"error": {"type", "message"}}`.',
        },
        "security": ADMIN_OR_TENANT,
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "adminToken": {"type": "http", "scheme": "bearer", "description":
                               "The operator's admin token (--admin-token or "
                               "EXECUTOR_ADMIN_TOKEN): creates keys, deploys, binds."},
                "tenantKey": {"type": "http", "scheme": "bearer", "bearerFormat": "ek_...",
                              "description": "A tenant's API key (POST "
                              "/v1/tenants/{tenant}/keys): acts on that tenant's paths only."},
            },
            "responses": {f"E{code}": _json(_ref("Error"), text)
                          for code, text in ERROR_RESPONSES.items()},
        },
    }
