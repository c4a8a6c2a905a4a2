<#-- stunnel configuration of one tls-terminate service. stunnel has no quoting: values are
     written as they are and the format refuses anything that would not stay one value. -->
; stunnel configuration of service [=view.service]; run by Debian's stunnel@[=view.service].service.
; That unit does not expect a daemon, so stunnel stays in the foreground and logs to stderr.
foreground = yes
pid =
<#if view.setuid??>
setuid = [=view.setuid]
setgid = [=view.setuid]
<#else>
; "transparent = source" needs root, without setuid (stunnel(8)).
</#if>

; Defaults for every service below, the SNI secondaries included.
<#assign p = view.primary>
sslVersionMin = [=p.versionMin]
sslVersionMax = [=p.versionMax]
ciphers = [=p.ciphers]
<#if p.sessionCacheSize??>
sessionCacheSize = [=p.sessionCacheSize]
sessionCacheTimeout = [=p.sessionCacheTimeout]
<#elseif !p.tickets>
sessionResume = no
</#if>
<#if !p.tickets>
options = NO_TICKET
</#if>
<#if p.verify??>
verifyChain = yes
CAfile = [=p.caFile]
<#if p.verify == "optional">
requireCert = no
</#if>
</#if>
<#if p.transparent>
transparent = source
</#if>
TIMEOUTconnect = [=p.connectTimeout]
TIMEOUTidle = [=p.idleTimeout]
<#if p.proxyProtocol>
protocol = proxy
</#if>

[[=view.service]]
<#list p.accept as a>
accept = [=a]
</#list>
connect = [=p.connect]
cert = [=p.certificate]
key = [=p.key]
<#list view.secondaries as s>

; The certificate for other server names (SNI): a secondary service of [=view.service].
[[=s.name]]
<#list s.sni as n>
sni = [=n]
</#list>
connect = [=s.connect]
cert = [=s.certificate]
key = [=s.key]
</#list>
