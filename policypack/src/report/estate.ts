// What a run's log says about the estate, for the reports to say what was checked: how many
// resources the stack has and which of them are UC servers (read by the same parsers and catalog as
// the policies, through the inventory), so that a stack where no server was recognised never reads
// as a clean one, and JUnit has a test per server instead of one per resource.
import { loadCatalog } from "../catalog/load";
import { buildInventory, type InventoryStatus } from "../inventory";
import { resourcesFromEventLog } from "./resources";

export interface EstateServer {
    urn: string;
    name: string;
    /** The product as the catalog names it, or "(unresolved)", "(unknown)", "(unreadable)". */
    product: string;
    status: InventoryStatus;
}

export interface Estate {
    /** Resources the log declares, without providers and the stack itself. */
    resources: number;
    /** The UC servers among them (Exchange servers included), sorted by name. */
    servers: EstateServer[];
}

// Providers and the stack resource are in every log, but are not part of the estate.
const NOT_ESTATE = /::pulumi:(providers:[^:]+|pulumi:Stack)::/;

export function readEstate(text: string): Estate {
    const resources = resourcesFromEventLog(text).filter((r) => !NOT_ESTATE.test(r.urn));
    if (resources.length === 0) return { resources: 0, servers: [] };
    const { rows } = buildInventory(resources, loadCatalog());
    const servers = rows
        .map((row) => ({ urn: row.urn, name: row.name, product: row.product, status: row.status }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.urn < b.urn ? -1 : 1));
    return { resources: resources.length, servers };
}
