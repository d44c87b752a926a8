package io.github.cfaudit.sink.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * RFC 5426: one message per datagram, nothing else. UDP confirms nothing: a datagram lost on the way or dropped by
 * a busy receiver is gone without a trace. The one failure it can see is an ICMP "port unreachable" (no receiver
 * listening, where ICMP is not filtered): the socket is connected so that it surfaces, and a short wait after the
 * last datagram gives it the time to arrive; the page then fails and is delivered again.
 */
final class UdpTransport implements SyslogTransport {
    static final int ICMP_WAIT_MILLIS = 20;

    private final String host;
    private final int port;

    UdpTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Resolves the host, and no more: nothing can be verified over UDP without sending a datagram. */
    @Override
    public String check() throws UnknownHostException {
        InetAddress address = InetAddress.getByName(host);
        return "udp: " + host + " resolves to " + address.getHostAddress() + "; delivery cannot be verified over UDP";
    }

    @Override
    public void deliver(List<byte[]> messages) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(address);
            for (byte[] m : messages) {
                socket.send(new DatagramPacket(m, m.length));
            }
            socket.setSoTimeout(ICMP_WAIT_MILLIS);
            try {
                socket.receive(new DatagramPacket(new byte[1], 1));
            } catch (SocketTimeoutException expected) {
                // No ICMP error came back: as much as UDP can tell.
            }
        }
    }
}
