<#-- /etc/iproute2/rt_tables.d entry: names the routing table for ip rule/route output. -->
[=bare(view.id)]	[=view.name]
