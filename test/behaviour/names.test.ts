// Issue 14: resource names in messages are shown safely - control and bidirectional-override
// characters replaced, names longer than 200 characters cut with an ellipsis.
import * as assert from "node:assert";
import { detail, preview, type Resource } from "../harness/inProcess";

const endOfSupportMessage = (name: string) => {
    const resource: Resource = { type: "aws:ec2/instance:Instance", name, properties: { tags: { product: "OCS 2007 R2", cu: "CU10" } } };
    return detail(preview([resource]).find((r) => r.policyName === "communications-server-end-of-support")!);
};
const prefix = (message: string) => message.slice(0, message.indexOf(" is past Microsoft's end of support"));

describe("resource names in messages", () => {
    it("control and bidirectional-override characters are replaced", () => {
        assert.strictEqual(
            prefix(endOfSupportMessage("ocs\u202Eevil\u0007")),
            "Office Communications Server 2007 R2 server 'ocs\uFFFDevil\uFFFD'",
        );
    });

    it("a name of 200 characters is shown whole; a longer one is cut with an ellipsis", () => {
        assert.strictEqual(
            prefix(endOfSupportMessage("n".repeat(200))),
            `Office Communications Server 2007 R2 server '${"n".repeat(200)}'`,
        );
        assert.strictEqual(
            prefix(endOfSupportMessage(`${"n".repeat(200)}tail`)),
            `Office Communications Server 2007 R2 server '${"n".repeat(200)}…'`,
        );
    });
});
