// Issue 14: the integration-matrix policy with several Exchange servers: grouped by version, at
// most three names each, every answer of the matrix in one finding, the most serious one deciding
// the level and the source.
import * as assert from "node:assert";
import { detail, preview, type Resource, type RunOptions } from "../harness/inProcess";

const POLICY = "exchange-integration-supported-versions";
const server = (name: string, tags: Record<string, unknown>): Resource => ({
    type: "aws:ec2/instance:Instance",
    name,
    properties: { tags },
});
const reports = (resources: Resource[], options: RunOptions = {}) =>
    preview(resources, options)
        .filter((r) => r.policyName === POLICY)
        .map((r) => `${r.enforcementLevel} ${r.urn.split("::").pop()}: ${detail(r)}`);

describe("integration matrix with several Exchange servers", () => {
    it("names three servers of a version and counts the rest; conditions that cannot be verified stay advisory, one clause per answer", () => {
        const resources = [
            ...["e1", "e2", "e3", "e4"].map((name) => server(name, { product: "Exchange Server 2019" })),
            server("xse", { product: "Exchange Server SE" }),
            server("l", { product: "Skype for Business Server 2015", "uc-features": "im-presence-owa" }),
        ];
        assert.deepStrictEqual(reports(resources), [
            "advisory l: Skype for Business Server 2015 server 'l': IM and presence in Outlook on the web (declared by 'l') needs Skype for Business Server 2015 CU7 or later with Exchange Server 2019 ('e1', 'e2', 'e3' and 1 more), which cannot be verified: it has no cumulative update tag ('cu' or 'cumulative-update') (Microsoft: \"If you're integrating Skype for Business presence and instant messaging with Exchange Server, Skype for Business Server CU 7 or higher is required.\", a sentence that names the product without its version); it needs Skype for Business Server 2015 CU7 or later with Exchange Server SE ('xse'), which cannot be verified: it has no cumulative update tag ('cu' or 'cumulative-update') (Microsoft: \"If you're integrating Skype for Business presence and instant messaging with Exchange Server, Skype for Business Server CU 7 or higher is required.\", read for this version through \"the RTM release of Exchange Server SE will be code equivalent to (e.g., the same exact code as) Exchange Server 2019 CU15\"). Tag the installed update's label (for example CU7) so the pack can check it. Microsoft documents it for Skype for Business Server 2015 with Exchange Server 2010, Exchange Server 2013, Exchange Server 2016, Exchange Server 2019 (with Skype for Business Server 2015 CU7 or later) and Exchange Server SE (with Skype for Business Server 2015 CU7 or later). Source: https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements",
        ]);
    });

    it("a not-supported answer beside a not-documented one fails the preview and cites the not-supported source", () => {
        const resources = [
            server("e1", { product: "Exchange Server 2010" }),
            server("x19", { product: "Exchange Server 2019" }),
            server("l", { product: "Lync Server 2013", "uc-features": "oauth" }),
        ];
        assert.deepStrictEqual(reports(resources), [
            "mandatory l: Lync Server 2013 server 'l': server-to-server authentication (OAuth) (declared by 'l') is not supported by Microsoft with Exchange Server 2010 ('e1') (Microsoft: \"only Exchange 2013, SharePoint Server, Lync Server 2013, Skype for Business Server 2015, and Skype for Business 2019 support server-to-server authentication\", a general statement, not one naming this pair); it is not documented by Microsoft for Exchange Server 2019 ('x19'). Microsoft documents it for Lync Server 2013 with Exchange Server 2013 and Exchange Server 2016. Source: https://learn.microsoft.com/en-us/skypeforbusiness/manage/authentication/server-to-server-and-partner-applications",
        ]);
    });

    it("an answer resting on pages that disagree cites the first and points to the others", () => {
        const resources = [
            server("x19", { product: "Exchange Server 2019" }),
            server("l", { product: "Lync Server 2013", "uc-features": "im-presence-owa" }),
        ];
        assert.deepStrictEqual(reports(resources), [
            "advisory l: Lync Server 2013 server 'l': IM and presence in Outlook on the web (declared by 'l') is documented inconsistently by Microsoft for Exchange Server 2019 ('x19'): the Outlook on the web IM page says IM integration between Lync Server 2013 and Exchange 2016 or later isn't supported, while the Exchange 2019 system requirements ask for Lync Server 2013 CU10 or later for presence and IM integration (see also https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements). Microsoft documents it for Lync Server 2013 with Exchange Server 2010 and Exchange Server 2013. Source: https://learn.microsoft.com/en-us/exchange/plan-and-deploy/post-installation-tasks/configure-im-integration-with-owa",
        ]);
    });

    it("a pair Microsoft supports says nothing, for voice mail as for the other integrations", () => {
        const resources = [
            server("x13", { product: "Exchange Server 2013" }),
            server("l", { product: "Lync Server 2013", "uc-features": "voice-mail, im-presence-owa" }),
        ];
        assert.deepStrictEqual(reports(resources), []);
    });
});
