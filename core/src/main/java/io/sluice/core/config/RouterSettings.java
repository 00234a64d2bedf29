package io.sluice.core.config;

/**
 * The router process.
 *
 * @param host the address to listen on; 127.0.0.1 unless deliberately exposed
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param adminToken the bearer token the admin API requires; without one the admin API is off
 * @param instanceId names this router in the records it writes; defaults to host name and pid
 * @param stickyCapacity how many Thompson assignments (experiment, unit) the router keeps in memory
 * @param clientKeys the keys apps and annotators must present; none means the API is open, as it is
 *     on loopback by default
 */
public record RouterSettings(
        String host,
        int port,
        UnknownModelPolicy unknownModels,
        long maxBodyBytes,
        UpstreamSettings upstream,
        SecretRef adminToken,
        String instanceId,
        long stickyCapacity,
        java.util.List<ClientKey> clientKeys) {

    public RouterSettings {
        clientKeys = java.util.List.copyOf(clientKeys);
    }

    public RouterSettings withAddress(String newHost, int newPort) {
        return new RouterSettings(newHost, newPort, unknownModels, maxBodyBytes, upstream, adminToken, instanceId,
                stickyCapacity, clientKeys);
    }

    public RouterSettings withUpstream(UpstreamSettings newUpstream) {
        return new RouterSettings(host, port, unknownModels, maxBodyBytes, newUpstream, adminToken, instanceId,
                stickyCapacity, clientKeys);
    }

    public RouterSettings withInstanceId(String id) {
        return new RouterSettings(host, port, unknownModels, maxBodyBytes, upstream, adminToken, id, stickyCapacity,
                clientKeys);
    }
}
