package dev.tproxy.it.tunnel;

/**
 * Realisation (d): tproxy's runtime as the front on :443, in place of sslh, with the generated
 * nginx (SNI router and terminators) behind it.
 */
class ProxytunnelEndpointRuntimeFrontIT extends ReferenceChainRealisation {
  @Override
  Front front() {
    return Front.RUNTIME;
  }

  @Override
  Terminators terminators() {
    return Terminators.NGINX;
  }
}
