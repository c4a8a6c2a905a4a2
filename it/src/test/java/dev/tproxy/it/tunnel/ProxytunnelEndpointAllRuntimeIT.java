package dev.tproxy.it.tunnel;

/**
 * Realisation (b): the whole example in tproxy's runtime (the front on :443 as well as the SNI
 * router and the terminators), after the generated routing and certificate-ACL scripts.
 */
class ProxytunnelEndpointAllRuntimeIT extends ReferenceChainRealisation {
  @Override
  Front front() {
    return Front.RUNTIME;
  }

  @Override
  Terminators terminators() {
    return Terminators.RUNTIME;
  }
}
