"""The properties of each served entity, in the order and with the types of the Swagger models.

Copied from the 2024 Autotask Swagger (``TicketModel``, ``TicketNoteModel``, ...; PascalCase
there) in the camelCase live JSON uses (Newtonsoft's rule: ``RMMAlertID`` -> ``rmmAlertID``).
``DeletedTicketLogs`` follows the 2026 excerpt (``DeletedTicketLogModel``);
``DeletedTicketActivityLogs`` is in neither: its properties are those of the 2026 Swagger's
``DeletedTicketActivityLogModel`` as a generated public client lists them (UNCONFIRMED).

Types: ``i`` int32, ``l`` int64, ``d`` double, ``s`` string, ``t`` date-time, ``b`` boolean,
``a`` the ``userDefinedFields`` array.
"""

from __future__ import annotations

from dataclasses import dataclass

_MODELS = {
    "Tickets": "id:l apiVendorID:i assignedResourceID:i assignedResourceRoleID:i billingCodeID:i "
    "changeApprovalBoard:i changeApprovalStatus:i changeApprovalType:i changeInfoField1:s "
    "changeInfoField2:s changeInfoField3:s changeInfoField4:s changeInfoField5:s companyID:i "
    "companyLocationID:i completedByResourceID:i completedDate:t configurationItemID:i "
    "contactID:i contractID:i contractServiceBundleID:l contractServiceID:l createDate:t "
    "creatorResourceID:i creatorType:i currentServiceThermometerRating:i description:s "
    "dueDateTime:t estimatedHours:d externalID:s firstResponseAssignedResourceID:i "
    "firstResponseDateTime:t firstResponseDueDateTime:t firstResponseInitiatingResourceID:i "
    "hoursToBeScheduled:d impersonatorCreatorResourceID:i issueType:i lastActivityDate:t "
    "lastActivityPersonType:i lastActivityResourceID:i lastCustomerNotificationDateTime:t "
    "lastCustomerVisibleActivityDateTime:t lastTrackedModificationDateTime:t monitorID:i "
    "monitorTypeID:i opportunityID:i organizationalLevelAssociationID:i "
    "previousServiceThermometerRating:i priority:i problemTicketId:i projectID:i "
    "purchaseOrderNumber:s queueID:i resolution:s resolutionPlanDateTime:t "
    "resolutionPlanDueDateTime:t resolvedDateTime:t resolvedDueDateTime:t rmaStatus:i rmaType:i "
    "rmmAlertID:s serviceLevelAgreementHasBeenMet:b serviceLevelAgreementID:i "
    "serviceLevelAgreementPausedNextEventHours:d serviceThermometerTemperature:i source:i "
    "status:i subIssueType:i ticketCategory:i ticketNumber:s ticketType:i title:s "
    "userDefinedFields:a",
    "TicketNotes": "id:l createDateTime:t creatorResourceID:i description:s "
    "impersonatorCreatorResourceID:i impersonatorUpdaterResourceID:i lastActivityDate:t "
    "noteType:i publish:i ticketID:i title:s soapParentPropertyId:l userDefinedFields:a",
    "TimeEntries": "id:l billingApprovalDateTime:t billingApprovalLevelMostRecent:i "
    "billingApprovalResourceID:i billingCodeID:i contractID:i contractServiceBundleID:l "
    "contractServiceID:l createDateTime:t creatorUserID:i dateWorked:t endDateTime:t "
    "hoursToBill:d hoursWorked:d impersonatorCreatorResourceID:i impersonatorUpdaterResourceID:i "
    "internalBillingCodeID:i internalNotes:s isNonBillable:b lastModifiedDateTime:t "
    "lastModifiedUserID:i offsetHours:d resourceID:i roleID:i showOnInvoice:b startDateTime:t "
    "summaryNotes:s taskID:i ticketID:i timeEntryType:i userDefinedFields:a",
    "Resources": "id:l accountingReferenceID:s dateFormat:s defaultServiceDeskRoleID:l email:s "
    "email2:s email3:s emailTypeCode:s emailTypeCode2:s emailTypeCode3:s firstName:s gender:s "
    "greeting:i hireDate:t homePhone:s initials:s internalCost:d isActive:b lastName:s "
    "licenseType:i locationID:i middleName:s mobilePhone:s numberFormat:s officeExtension:s "
    "officePhone:s payrollType:i resourceType:s suffix:i surveyResourceRating:d timeFormat:s "
    "title:s travelAvailabilityPct:s userName:s userType:i userDefinedFields:a",
    "Companies": "id:l additionalAddressInformation:s address1:s address2:s alternatePhone1:s "
    "alternatePhone2:s apiVendorID:i assetValue:d billToCompanyLocationID:i "
    "billToAdditionalAddressInformation:s billingAddress1:s billingAddress2:s "
    "billToAddressToUse:i billToAttention:s billToCity:s billToCountryID:i billToState:s "
    "billToZipCode:s city:s classification:i companyName:s companyNumber:s companyType:i "
    "competitorID:i countryID:i createDate:t createdByResourceID:i currencyID:i fax:s "
    "impersonatorCreatorResourceID:i invoiceEmailMessageID:i invoiceMethod:i "
    "invoiceNonContractItemsToParentCompany:b invoiceTemplateID:i isActive:b "
    "isClientPortalActive:b isEnabledForComanaged:b isTaskFireActive:b isTaxExempt:b "
    "lastActivityDate:t lastTrackedModifiedDateTime:t marketSegmentID:i ownerResourceID:i "
    "parentCompanyID:i phone:s postalCode:s quoteEmailMessageID:i quoteTemplateID:i sicCode:s "
    "state:s stockMarket:s stockSymbol:s surveyCompanyRating:d taxID:s taxRegionID:i "
    "territoryID:i webAddress:s userDefinedFields:a",
    "Contacts": "id:l additionalAddressInformation:s addressLine:s addressLine1:s "
    "alternatePhone:s apiVendorID:i bulkEmailOptOutTime:t city:s companyID:i "
    "companyLocationID:i countryID:i createDate:t emailAddress:s emailAddress2:s "
    "emailAddress3:s extension:s externalID:s facebookUrl:s faxNumber:s firstName:s "
    "impersonatorCreatorResourceID:i isActive:i isOptedOutFromBulkEmail:b lastActivityDate:t "
    "lastModifiedDate:t lastName:s linkedInUrl:s middleInitial:s mobilePhone:s namePrefix:i "
    "nameSuffix:i note:s receivesEmailNotifications:b phone:s primaryContact:b roomNumber:s "
    "solicitationOptOut:b solicitationOptOutTime:t state:s surveyOptOut:b title:s twitterUrl:s "
    "zipCode:s soapParentPropertyId:l userDefinedFields:a",
    "Roles": "id:l description:s hourlyFactor:d hourlyRate:d isActive:b "
    "isExcludedFromNewContracts:b isSystemRole:b name:s quoteItemDefaultTaxCategoryId:i "
    "roleType:i userDefinedFields:a",
    "Departments": "id:l description:s name:s number:s primaryLocationID:i userDefinedFields:a",
    "TicketCategories": "id:l displayColorRGB:i isActive:b isApiOnly:b isGlobalDefault:b name:s "
    "nickname:s userDefinedFields:a",
    "ServiceLevelAgreementResults": "id:l firstResponseElapsedHours:d "
    "firstResponseInitiatingResourceID:i firstResponseResourceID:i isFirstResponseMet:b "
    "isResolutionMet:b isResolutionPlanMet:b resolutionElapsedHours:d "
    "resolutionPlanElapsedHours:d resolutionPlanResourceID:i resolutionResourceID:i "
    "serviceLevelAgreementName:s ticketID:i soapParentPropertyId:l userDefinedFields:a",
    "TicketHistory": "id:l action:s date:t detail:s resourceID:i ticketID:i "
    "soapParentPropertyId:l userDefinedFields:a",
    "DeletedTicketLogs": "id:l ticketID:i ticketNumber:s ticketTitle:s deletedByResourceID:i "
    "deletedDateTime:t",
    "DeletedTicketActivityLogs": "id:l typeID:i ticketID:i ticketNumber:s "
    "noteOrAttachmentTitle:s createdByResourceID:i activityDateTime:t startDateTime:t "
    "endDateTime:t hoursWorked:d deletedByResourceID:i deletedDateTime:t",
}
TYPE_NAMES = {"i": "integer", "l": "long", "d": "double", "s": "string", "t": "datetime",
              "b": "boolean", "a": "array"}  # fmt: skip
"""``entityInformation/fields`` ``dataType`` of each type (our reading of the spellings)."""


@dataclass(frozen=True)
class Prop:
    """One property of an entity model."""

    name: str
    type: str


def _parse(spec: str) -> tuple[Prop, ...]:
    return tuple(Prop(*item.split(":")) for item in spec.split())


MODELS: dict[str, tuple[Prop, ...]] = {name: _parse(spec) for name, spec in _MODELS.items()}
"""Entity name -> its properties, ``userDefinedFields`` included where the model has it."""
ENTITIES = tuple(MODELS)


def by_lower(entity: str) -> dict[str, Prop]:
    """The entity's properties by lower-cased name (Autotask reads field names in any case)."""
    return {p.name.lower(): p for p in MODELS[entity]}
