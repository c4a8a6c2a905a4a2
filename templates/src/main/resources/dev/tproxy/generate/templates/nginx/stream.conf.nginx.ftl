<#-- Stream-context directives: maps and one server per nginx service. -->
# Include this file inside the stream {} block of nginx.conf:
#     stream { include <this file>; }
<#list view.servers as s>

# ---- service [=s.name] ([=s.stage]) ----
<#if s.limit??>
limit_conn_zone [=s.limit.key] zone=[=s.limit.zone]:1m;
</#if>
<#list s.maps as m>
map [=m.source] [=m.variable] {
<#if m.hostnames>
    hostnames;
</#if>
    default [=m.defaultValue];
<#list m.entries as e>
    [=e.key] [=e.value];
</#list>
}
</#list>
server {
<#list s.listen as l>
    listen [=l.address]<#if l.ssl> ssl</#if><#if l.proxyProtocol> proxy_protocol</#if>;
</#list>
<#list s.allowFrom as peer>
    allow [=peer];
</#list>
<#if s.allowFrom?has_content>
    deny all;
</#if>
<#if s.limit??>
    limit_conn [=s.limit.zone] [=s.limit.max];
</#if>
<#if s.proxyProtocolTimeout??>
    proxy_protocol_timeout [=s.proxyProtocolTimeout];
</#if>
<#if s.sslPreread>
    ssl_preread on;
<#if s.prereadTimeout??>
    preread_timeout [=s.prereadTimeout];
</#if>
<#if s.prereadBuffer??>
    preread_buffer_size [=s.prereadBuffer];
</#if>
</#if>
<#if s.tls??>
<#assign t = s.tls>
    ssl_certificate [=t.certificate];
    ssl_certificate_key [=t.certificateKey];
<#if t.passwordFile??>
    ssl_password_file [=t.passwordFile];
</#if>
    ssl_protocols<#list t.protocols as p> [=p]</#list>;
    ssl_ciphers [=t.ciphers];
    ssl_prefer_server_ciphers on;
<#if t.sessionZone??>
    ssl_session_cache shared:[=t.sessionZone]:[=t.sessionSize];
<#else>
    ssl_session_cache off;
</#if>
    ssl_session_timeout [=t.sessionTimeout];
    ssl_session_tickets <#if t.tickets>on<#else>off</#if>;
<#if t.verifyClient??>
    ssl_verify_client [=t.verifyClient];
    ssl_client_certificate [=t.clientCertificate];
</#if>
<#if t.handshakeTimeout??>
    ssl_handshake_timeout [=t.handshakeTimeout];
</#if>
</#if>
    proxy_connect_timeout [=s.connectTimeout];
    proxy_timeout [=s.idleTimeout];
<#if s.bindSource??>
    proxy_bind [=s.bindSource] transparent;
</#if>
<#if s.proxyProtocol??>
    proxy_protocol [=s.proxyProtocol];
</#if>
<#if s.halfClose>
    proxy_half_close on;
</#if>
    proxy_pass [=s.proxyPass];
}
</#list>
