<#-- One ssh_config entry. ProxyCommand words are shell-quoted with % doubled. -->
# Reaches service [=view.service] through a TLS tunnel ([=view.tool] [=view.toolVersion]).
# Include it from ~/.ssh/config ("Include <this file>"), then run: ssh [=view.host]
Host [=view.host]
    ProxyCommand<#list view.command as w> [=w]</#list>
    ServerAliveInterval [=bare(view.serverAliveInterval)]
