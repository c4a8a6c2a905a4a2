#!/bin/bash
<#-- The certificate-ACL script of the reference document. Values are shell-quoted. -->
# Lets the users below read the certificate stores: nginx loads certificates named by
# variables at each handshake, as its worker user, tproxy's runtime reads certificates and keys
# (0600) as its own user, and renewals create new files, so the stores get default ACLs for
# files created later as well. Run it again when a user is added; running it twice changes
# nothing.
set -euo pipefail

USERS=(
<#list view.users as u>
    [=u]
</#list>
)
STORES=(
<#list view.stores as s>
    [=s]
</#list>
)

for user in "${USERS[@]}"; do
    if ! getent passwd "$user" >/dev/null; then
        printf 'tproxy-certificate-acl: there is no user %s\n' "$user" >&2
        exit 1
    fi
done
# A store that is not there yet is said and skipped (certbot makes archive/ with its first
# certificate; `tproxy certs` writes plain files into live/); none at all is an error.
existing=()
for store in "${STORES[@]}"; do
    if [[ -d $store ]]; then
        existing+=("$store")
    else
        printf 'tproxy-certificate-acl: %s does not exist (yet): skipped; run this script again once it does\n' "$store" >&2
    fi
done
if [[ ${#existing[@]} -eq 0 ]]; then
    printf 'tproxy-certificate-acl: none of the certificate stores exists: %s\n' "${STORES[*]}" >&2
    exit 1
fi

for user in "${USERS[@]}"; do
    for store in "${existing[@]}"; do
        # Default ACLs (-d) on every directory: files created later inherit them.
        setfacl -R -d -m "u:$user:rX" -- "$store"
        # What exists now; X grants search on directories only.
        setfacl -R -m "u:$user:rX" -- "$store"
        # Symbolic links (live/ points into archive/): grant on what they point to.
        find "$store" -type l -exec setfacl -m "u:$user:rX" -- {} +
    done
done
