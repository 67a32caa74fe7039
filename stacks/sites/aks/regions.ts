// Azure regions with availability zones: an AKS site spreads both node pools
// over zones 1, 2 and 3, which a region without zones refuses. Written from
// learn.microsoft.com/azure/reliability/regions-list ("Availability zone
// support" column); a region Microsoft adds later is accepted once it is added here.
export const azureRegionsWithZones = [
    "australiaeast",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "chilecentral",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "indonesiacentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "malaysiawest",
    "mexicocentral",
    "newzealandnorth",
    "northeurope",
    "norwayeast",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "westeurope",
    "westus2",
    "westus3",
] as const;

/** The zones each node pool spreads over. */
export const aksZones = ["1", "2", "3"] as const;
