<#-- A complete nginx.conf around the stream include, so that `nginx -t -c` can check it alone
     or a separate nginx instance can run it. -->
# nginx's stream module is a dynamic module on Debian (package libnginx-mod-stream).
load_module [=view.streamModule];

user [=view.user];
worker_processes auto;
pid [=view.pidFile];
error_log [=view.errorLog];
<#if view.workerOpenFiles??>
# Two descriptors per proxied connection for the services' max-connections, and nginx's own.
worker_rlimit_nofile [=bare(view.workerOpenFiles)];
</#if>

events {
    worker_connections [=bare(view.workerConnections)];
}

stream {
    include [=view.streamInclude];
}
