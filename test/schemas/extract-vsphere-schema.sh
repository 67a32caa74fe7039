#!/bin/sh
# Cuts from pulumi-vsphere's published schema the part the hand-written binding
# (components/site/vsphere/binding) sends: the provider's inputs, the bound
# resources and functions, and every type they refer to, without descriptions
# (most of the file, and no check reads them). Run when the pinned plugin
# version changes, from a clone of github.com/pulumi/pulumi-vsphere:
#   test/schemas/extract-vsphere-schema.sh <clone> 4.17.0 > test/schemas/vsphere-4.17.0.json
# The schema itself names no version, so the tag it came from is written in.
set -eu
clone=$1
version=$2
git -C "$clone" show "v$version:provider/cmd/pulumi-resource-vsphere/schema.json" | jq --arg version "$version" '
  def bound($names): with_entries(select(.key as $k | $names | index($k)));
  def nodescriptions: walk(if type == "object" then del(.description) else . end);
  {
    source: ("github.com/pulumi/pulumi-vsphere@v" + $version + ":provider/cmd/pulumi-resource-vsphere/schema.json, cut by test/schemas/extract-vsphere-schema.sh"),
    name: .name,
    version: $version,
    provider: {inputProperties: .provider.inputProperties, requiredInputs: (.provider.requiredInputs // [])},
    resources: (.resources | bound([
      "vsphere:index/virtualMachine:VirtualMachine",
      "vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule",
      "vsphere:index/folder:Folder"
    ]) | map_values({inputProperties, properties, requiredInputs: (.requiredInputs // []), required: (.required // [])})),
    functions: (.functions | bound([
      "vsphere:index/getDatacenter:getDatacenter",
      "vsphere:index/getComputeCluster:getComputeCluster",
      "vsphere:index/getDatastore:getDatastore",
      "vsphere:index/getNetwork:getNetwork",
      "vsphere:index/getVirtualMachine:getVirtualMachine"
    ])),
    types: (.types | with_entries(select(.key | test("^vsphere:index/(VirtualMachine|getVirtualMachine|getNetworkFilter)"))))
  } | nodescriptions'
