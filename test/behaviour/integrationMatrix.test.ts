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
    it("names three servers of a version and counts the rest; a limited and a conflicting answer stay advisory", () => {
        const resources = [
            ...["e1", "e2", "e3", "e4"].map((name) => server(name, { product: "Exchange Server 2010" })),
            server("x19", { product: "Exchange Server 2019" }),
            server("l", { product: "Lync Server 2013", "uc-features": "im-presence-owa" }),
        ];
        assert.deepStrictEqual(reports(resources), [
            "advisory l: Lync Server 2013 server 'l': IM and presence in Outlook on the web (declared by 'l') is limited with Exchange Server 2010 ('e1', 'e2', 'e3' and 1 more): Lync Server 2013 integrates with the Exchange 2010 Outlook Web App, without the unified contact store and Lync-to-Exchange archiving; it is documented inconsistently by Microsoft for Exchange Server 2019 ('x19'): the Outlook on the web IM page says IM integration between Lync Server 2013 and Exchange 2016 or later isn't supported, while the Exchange 2019 system requirements ask for Lync Server 2013 CU10 or later for presence and IM integration (see also https://github.com/MicrosoftDocs/OfficeDocs-Exchange/blob/52e8b70f9b7aa92a24a4cb16b70229c1b45d583a/Exchange/ExchangeServer/plan-and-deploy/system-requirements.md). Microsoft documents it for Lync Server 2013 with Exchange Server 2013. Source: https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/1e1afc1c775c00b6090e14dec0f784276a5f0489/Lync/LyncServer/lync-server-2013-integrating-lync-server-and-outlook-web-app-2013.md",
        ]);
    });

    it("a not-supported answer beside a not-documented one fails the preview and cites the not-supported source", () => {
        const resources = [
            server("e1", { product: "Exchange Server 2010" }),
            server("x19", { product: "Exchange Server 2019" }),
            server("l", { product: "Lync Server 2013", "uc-features": "oauth" }),
        ];
        assert.deepStrictEqual(reports(resources), [
            "mandatory l: Lync Server 2013 server 'l': server-to-server authentication (OAuth) (declared by 'l') is not supported by Microsoft with Exchange Server 2010 ('e1'); it is not documented by Microsoft for Exchange Server 2019 ('x19'). Microsoft documents it for Lync Server 2013 with Exchange Server 2013 and Exchange Server 2016. Source: https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/dbb37bcde1177fbd7d98411237935a58c2ed542a/Skype/SfbServer/manage/authentication/server-to-server-and-partner-applications.md",
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
