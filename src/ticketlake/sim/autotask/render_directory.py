"""Resources, companies, contacts and the small reference entities, as the API serves them."""

from __future__ import annotations

from typing import Any

from ticketlake.sim import rand
from ticketlake.sim.autotask.catalog import CATEGORIES, COMPANY_TYPES, DEPARTMENTS, ROLES
from ticketlake.sim.autotask.directory import DOMAIN, HIRED_MS, Contact, Resource, company_name
from ticketlake.sim.autotask.profile import draw_udfs
from ticketlake.sim.autotask.render_ticket import udfs
from ticketlake.sim.autotask.wire import fmt
from ticketlake.sim.autotask.world import World

SETUP_MS = HIRED_MS  # 2018-01-01: when the MSP started using Autotask
_CITIES = (("Springfield", "IL", "62701"), ("Madison", "WI", "53703"),
           ("Columbus", "OH", "43215"), ("Des Moines", "IA", "50309"),
           ("Omaha", "NE", "68102"), ("Peoria", "IL", "61602"))  # fmt: skip
_TYPE_CUM = rand.cumulative(t.weight for t in COMPANY_TYPES)


def resource_json(r: Resource) -> dict[str, Any]:
    """``ResourceModel``."""
    api = r.secret is not None
    return {
        "id": r.id, "accountingReferenceID": None, "dateFormat": "MM/dd/yyyy",
        "defaultServiceDeskRoleID": r.role, "email": r.email, "email2": None, "email3": None,
        "emailTypeCode": "PRIMARY", "emailTypeCode2": None, "emailTypeCode3": None,
        "firstName": r.first, "gender": None, "greeting": None, "hireDate": fmt(r.hired_ms),
        "homePhone": None, "initials": (r.first[:1] + r.last[:1]).upper(),
        "internalCost": 0.0 if api else 45.0, "isActive": r.active, "lastName": r.last,
        "licenseType": r.license, "locationID": 1, "middleName": None, "mobilePhone": None,
        "numberFormat": "X,XXX.XX", "officeExtension": None,
        "officePhone": None if api else "555-0100", "payrollType": None if api else 1,
        "resourceType": "API" if api else "Employee", "suffix": None,
        "surveyResourceRating": None, "timeFormat": "hh:mm a", "title": r.title,
        "travelAvailabilityPct": "0", "userName": r.username, "userType": r.level.id,
        "userDefinedFields": [],
    }  # fmt: skip


def company_json(w: World, k: int) -> dict[str, Any]:
    """``CompanyModel`` of company ``k`` (0 is the MSP itself)."""
    rng = rand.stream(w.config.seed, 24, k)
    city, state, zipcode = rand.one(rng, _CITIES)
    name = company_name(k)
    kind = 1 if k == 0 else COMPANY_TYPES[rand.pick(rng, _TYPE_CUM)].value
    created = SETUP_MS + k * 3_600_000
    touched = min(w.as_of_ms - 3_600_000, created + rand.below(rng, 900) * 86_400_000)
    web = "www." + name.lower().replace(" ", "").replace(".", "").replace("&", "") + ".com"
    return {
        "id": w.directory.company_id(k), "additionalAddressInformation": "",
        "address1": f"{100 + rand.below(rng, 9800)} Main Street", "address2": None,
        "alternatePhone1": "", "alternatePhone2": "", "apiVendorID": None, "assetValue": None,
        "billToCompanyLocationID": None, "billToAdditionalAddressInformation": None,
        "billingAddress1": None, "billingAddress2": None, "billToAddressToUse": 1,
        "billToAttention": None, "billToCity": None, "billToCountryID": None,
        "billToState": None, "billToZipCode": None, "city": city, "classification": None,
        "companyName": name, "companyNumber": str(1000 + k), "companyType": kind,
        "competitorID": None, "countryID": 237, "createDate": fmt(created),
        "createdByResourceID": w.directory.resources[0].id, "currencyID": 1,
        "fax": "", "impersonatorCreatorResourceID": None, "invoiceEmailMessageID": None,
        "invoiceMethod": None, "invoiceNonContractItemsToParentCompany": False,
        "invoiceTemplateID": None, "isActive": kind not in (4, 6),
        "isClientPortalActive": kind == 1, "isEnabledForComanaged": False,
        "isTaskFireActive": False, "isTaxExempt": False, "lastActivityDate": fmt(touched),
        "lastTrackedModifiedDateTime": fmt(touched), "marketSegmentID": None,
        "ownerResourceID": w.directory.resources[0].id, "parentCompanyID": None,
        "phone": f"555-{rand.below(rng, 10_000):04d}", "postalCode": zipcode,
        "quoteEmailMessageID": None, "quoteTemplateID": None, "sicCode": "", "state": state,
        "stockMarket": "", "stockSymbol": "", "surveyCompanyRating": None, "taxID": "",
        "taxRegionID": None, "territoryID": None, "webAddress": web,
        "userDefinedFields": udfs("Companies", draw_udfs(rng, "Companies")),
    }  # fmt: skip


def contact_json(w: World, c: Contact) -> dict[str, Any]:
    """``ContactModel``."""
    rng = rand.stream(w.config.seed, 25, c.id)
    site = company_name(c.company).lower().replace(" ", "").replace(".", "").replace("&", "")
    email = f"{c.first}.{c.last}".lower().replace("'", "") + f"@{site if c.company else DOMAIN}"
    if c.company:
        email = email.removesuffix(f"@{site}") + f"@{site}.com"
    return {
        "id": c.id, "additionalAddressInformation": "", "addressLine": None,
        "addressLine1": None, "alternatePhone": "", "apiVendorID": None,
        "bulkEmailOptOutTime": None, "city": None, "companyID": w.directory.company_id(c.company),
        "companyLocationID": None, "countryID": 237, "createDate": fmt(c.created_ms),
        "emailAddress": email, "emailAddress2": None, "emailAddress3": None, "extension": None,
        "externalID": None, "facebookUrl": None, "faxNumber": None, "firstName": c.first,
        "impersonatorCreatorResourceID": None, "isActive": 1 if c.active else 0,
        "isOptedOutFromBulkEmail": False, "lastActivityDate": fmt(c.created_ms),
        "lastModifiedDate": fmt(c.created_ms), "lastName": c.last, "linkedInUrl": None,
        "middleInitial": None, "mobilePhone": None, "namePrefix": None, "nameSuffix": None,
        "note": None, "receivesEmailNotifications": True, "phone": c.phone,
        "primaryContact": c.primary, "roomNumber": None, "solicitationOptOut": False,
        "solicitationOptOutTime": None, "state": None, "surveyOptOut": False, "title": c.title,
        "twitterUrl": None, "zipCode": None,
        "soapParentPropertyId": w.directory.company_id(c.company),
        "userDefinedFields": udfs("Contacts", draw_udfs(rng, "Contacts")),
    }  # fmt: skip


def role_json(k: int) -> dict[str, Any]:
    """``RoleModel``."""
    rid, name, rate, system = ROLES[k]
    return {"id": rid, "description": f"{name} billing role", "hourlyFactor": 1.0,
            "hourlyRate": rate, "isActive": True, "isExcludedFromNewContracts": system,
            "isSystemRole": system, "name": name, "quoteItemDefaultTaxCategoryId": None,
            "roleType": 1 if system else 0, "userDefinedFields": []}  # fmt: skip


def department_json(k: int) -> dict[str, Any]:
    """``DepartmentModel``."""
    did, name, number = DEPARTMENTS[k]
    return {"id": did, "description": f"{name} department", "name": name, "number": number,
            "primaryLocationID": 1, "userDefinedFields": []}  # fmt: skip


def category_json(k: int) -> dict[str, Any]:
    """``TicketCategoryModel``."""
    cid, name, nick, color, api_only, default = CATEGORIES[k]
    return {"id": cid, "displayColorRGB": color, "isActive": True, "isApiOnly": api_only,
            "isGlobalDefault": default, "name": name, "nickname": nick,
            "userDefinedFields": []}  # fmt: skip
