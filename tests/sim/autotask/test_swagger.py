"""Every answer has the shape of the reference's models: entities as the 2024 Swagger's
``*Model`` (every property, nulls included, camelCase), zone, threshold and deletion logs as
the 2026 excerpts, pages, counts and field metadata as the 2026 common schemas."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ALL, DISCOVERY, HEADERS, ZONE, Run, Sim
from .reference import check, excerpt_models, swagger_models

COMMON = "autotask_common_schemas_2026_excerpt.yml"
SWAGGER_MODELS = {
    "Tickets": "TicketModel", "TicketNotes": "TicketNoteModel", "TimeEntries": "TimeEntryModel",
    "Resources": "ResourceModel", "Companies": "CompanyModel", "Contacts": "ContactModel",
    "Roles": "RoleModel", "Departments": "DepartmentModel",
    "TicketCategories": "TicketCategoryModel",
    "ServiceLevelAgreementResults": "ServiceLevelAgreementResultsModel",
    "TicketHistory": "TicketHistoryModel",
}  # fmt: skip


def _first_page(run: Run, entity: str, filters: list[Any]) -> dict[str, Any]:
    async def go(sim: Sim) -> Any:
        r = await sim.query(entity, {"filter": filters})
        assert r.status_code == 200, r.text
        return r.json()

    page: dict[str, Any] = run(go)
    return page


@pytest.mark.parametrize("entity", sorted(SWAGGER_MODELS))
def test_records_have_every_property_of_the_swagger_model(run: Run, entity: str) -> None:
    filters = ([{"op": "eq", "field": "ticketID", "value": 42_003}]
               if entity == "TicketHistory" else ALL)  # fmt: skip
    page = _first_page(run, entity, filters)
    assert page["items"], entity
    model = swagger_models()[SWAGGER_MODELS[entity]]
    for item in page["items"]:
        check(item, model, entity)
        for udf in item["userDefinedFields"]:
            check(udf, swagger_models()["UserDefinedField"], f"{entity}.userDefinedFields")
    check(page["pageDetails"], excerpt_models(COMMON)["PagingModel"], "pageDetails")
    assert set(page) == {"items", "pageDetails"}


def test_deleted_ticket_logs_follow_the_2026_model(run: Run) -> None:
    page = _first_page(run, "DeletedTicketLogs", ALL)
    assert page["items"]
    for item in page["items"]:
        check(item, excerpt_models(COMMON)["DeletedTicketLogModel"], "DeletedTicketLogs")


def test_zone_threshold_count_and_metadata_follow_their_models(run: Run) -> None:
    async def go(sim: Sim) -> dict[str, Any]:
        c = sim.client
        zone = await c.get(f"{DISCOVERY}V1.0/zoneInformation", params={"user": HEADERS["UserName"]})
        return {
            "zone": zone.json(),
            "threshold": (await sim.get("ThresholdInformation")).json(),
            "count": (await c.post(f"{ZONE}Tickets/query/count", json={"filter": ALL},
                                   headers=HEADERS)).json(),
            "fields": (await sim.get("Tickets/entityInformation/fields")).json(),
            "udfs": (await sim.get("Tickets/entityInformation/userDefinedFields")).json(),
            "info": (await sim.get("Tickets/entityInformation")).json(),
        }  # fmt: skip

    got = run(go)
    check(
        got["zone"],
        excerpt_models("autotask_ZoneInformation_openapi_excerpt.yml")[
            "ZoneInformationResultModel"
        ],
        "zoneInformation",
    )
    check(
        got["threshold"],
        excerpt_models("autotask_ThresholdInformation_openapi_excerpt.yml")[
            "ThresholdStatusResultModel"
        ],
        "ThresholdInformation",
    )
    common = excerpt_models(COMMON)
    check(got["count"], common["QueryCountResultModel"], "query/count")
    check(got["info"]["info"], common["EntityInformationModel"], "entityInformation")
    for f in got["fields"]["fields"]:
        check(f, common["FieldInformationModel"], f"fields.{f['name']}")
        for v in f["picklistValues"] or []:
            check(v, common["PickListValue"], f"fields.{f['name']}.picklistValues")
    for f in got["udfs"]["fields"]:
        check(f, common["Field"], f"userDefinedFields.{f['name']}")
    # and the 2024 PascalCase models name the same fields
    check(got["zone"], swagger_models()["ZoneInformationResultModel"], "zoneInformation 2024")
    check(got["threshold"], swagger_models()["ThresholdStatusResultModel"], "threshold 2024")


def test_fields_list_every_model_property_but_udfs(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        return (await sim.get("TimeEntries/entityInformation/fields")).json()

    names = {f["name"].lower() for f in run(go)["fields"]}
    model = swagger_models()["TimeEntryModel"]["properties"]
    assert names == {k.lower() for k in model} - {"userdefinedfields"}
