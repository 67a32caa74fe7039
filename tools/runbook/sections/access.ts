// What every later step needs on the operator's machine: the tools, the cluster's
// kubeconfig and the site CA's certificate, each saved under the name later steps use.
import { files } from "../files";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function access(stack: string, values: RunbookValues): string {
    const f = files(values);
    const kubeconfig =
        values.siteKind === "existing"
            ? [
                  "The program did not build this cluster: use the kubeconfig its owners gave you",
                  "(`pulumi stack output kubeconfig` only says so). Check that it is the right cluster:",
                  "",
                  shell("kubectl config current-context", "kubectl get nodes"),
              ].join("\n")
            : [
                  "The program built this cluster; its kubeconfig is a secret output",
                  values.siteKind === "vsphere" || values.siteKind === "proxmox"
                      ? "(a full cluster-admin client certificate: keep the file like a root password):"
                      : "(it holds no key of its own: your cloud login gets the token):",
                  "",
                  shell(
                      `pulumi stack output -s ${word(stack)} kubeconfig --show-secrets > ${f.kubeconfig}`,
                      `chmod 600 ${f.kubeconfig}`,
                      `export KUBECONFIG="$PWD/${f.kubeconfig}"`,
                      "kubectl get nodes",
                  ),
              ].join("\n");
    return section(
        "Before you start",
        "You need `kubectl`, the `pulumi` CLI logged in to this site's state backend with its passphrase " +
            "(`PULUMI_CONFIG_PASSPHRASE_FILE`), `openssl`, `jq` and dcmtk (`apt-get install dcmtk jq`). " +
            "Run every step from the project directory, so that `-s " + stack + "` finds the stack.",
        kubeconfig,
        "The site CA's certificate (public): workstations, browsers and modalities trust the site with it.",
        shell(`pulumi stack output -s ${word(stack)} siteCaCertificate > ${f.siteCa}`, `openssl x509 -in ${f.siteCa} -noout -subject -enddate`),
    );
}
