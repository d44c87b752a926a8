package io.github.cfaudit.sink.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Puts objects through a camel-aws2-s3 producer, one PutObject each, with Content-MD5 so that S3 rejects a body
 * damaged on the way; an upload returns only once S3 answered 200.
 *
 * <p>The aws2-s3 endpoint calls the server ({@code headBucket}) when it starts, and an endpoint of a route would
 * start with the CamelContext: an unreachable S3 would stop every route and the process. So the endpoint is created
 * and started here, on the first upload, outside the context's endpoint registry; when that start fails the upload
 * fails (the page stays unconfirmed) and the next upload tries again. Once started, the endpoint stays: the S3
 * client reconnects by itself when the server comes back.
 *
 * <p>The S3 client is built here and handed to the endpoint ({@code amazonS3Client}), rather than from endpoint
 * options, for three reasons: credentials never appear in an endpoint URI (which Camel logs), timeouts are explicit,
 * and checksums are computed only when an operation requires them, because the newer default (CRC32 trailers in
 * aws-chunked bodies) is not understood by every S3-compatible server; Content-MD5 gives the integrity check instead.
 * With {@code object-lock.*} the client also carries {@link ObjectLockHeaders}, which puts the retention on every
 * PutObject it sends (the producer has no header for it): data objects, the {@code --check} object, any other.
 *
 * <p>A refusal can reach the client as an I/O error instead of an answer. A server that refuses a PutObject
 * (403 SignatureDoesNotMatch for a wrong secret, 404 NoSuchBucket, ...) answers without reading the body and closes
 * the connection; the client, still writing the body, fails with "Broken pipe" or "Connection reset" and never reads
 * the answer waiting in its socket, and the SDK's retries run the same race. {@code Expect: 100-continue} does not
 * prevent it: the SDK sends it on every PutObject and the Apache client waits for it, but only a server that checks
 * the request before it says "100 Continue" (AWS does) keeps the body from being sent; s3proxy (Jetty) says it as soon
 * as the request arrives, and the behaviour of other S3-compatible servers (R2, MinIO, Ceph) is theirs to change. So
 * when an upload fails with an I/O error on a connection that was made, the uploader asks the bucket once with a
 * request that has no body, ListObjectsV2 with max-keys 1 under the prefix (implemented by all of them, unlike
 * GetBucketLocation; unlike HeadBucket, its error answer carries the code, SignatureDoesNotMatch or
 * InvalidAccessKeyId), and reports that answer when it is one the upload would have got as well: authentication
 * (checked before any permission), region, clock, or a missing bucket. Any other answer is not reported, AccessDenied
 * included (the probe needs s3:ListBucket, which a key that may only write lacks), and neither is a probe that gets no
 * answer: the upload's own error stands ("could not be reached"). A connection that could not be made is not probed.
 * What a failure means, and what to do about it, is {@link S3FailureDiagnosis}'s to say.
 */
final class S3Uploader implements AutoCloseable {
    static final String CONTENT_TYPE = "application/x-ndjson";
    /** The content type of the {@code --check} object: plain text, not audit data. */
    static final String CHECK_CONTENT_TYPE = "text/plain";
    /** The content type of a manifest. */
    static final String MANIFEST_CONTENT_TYPE = "application/json";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** A whole upload, retries included: generous, since an object may hold up to max-object-bytes. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    /** The probe after an upload broke off (see the class comment), retries included. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(S3Uploader.class);

    private final String sinkName;
    private final S3SinkSettings settings;
    private final String contentType;
    private final CamelContext context;
    private final S3FailureDiagnosis diagnosis;
    // guarded by this
    private S3Client client;
    private Endpoint endpoint;
    private Producer producer;
    private boolean closed;
    private int failuresInARow;

    S3Uploader(String sinkName, S3SinkSettings settings, CamelContext context) {
        this(sinkName, settings, CONTENT_TYPE, context);
    }

    /** @param contentType the {@code Content-Type} of the objects */
    S3Uploader(String sinkName, S3SinkSettings settings, String contentType, CamelContext context) {
        this.sinkName = sinkName;
        this.settings = settings;
        this.contentType = contentType;
        this.context = context;
        this.diagnosis = new S3FailureDiagnosis(settings);
    }

    /** The endpoint URI: bucket and pass-through options only, never a credential. */
    String endpointUri() {
        StringBuilder uri =
                new StringBuilder("aws2-s3:").append(settings.bucket()).append("?autoCreateBucket=false");
        settings.storageClass().ifPresent(c -> uri.append("&storageClass=").append(c));
        settings.encryption().ifPresent(e -> {
            if (e.isKms()) {
                uri.append("&useAwsKMS=true&awsKMSKeyId=RAW(")
                        .append(e.kmsKeyId().orElseThrow())
                        .append(")");
            } else {
                uri.append("&useSSES3=true");
            }
        });
        return uri.toString();
    }

    /** Stores the object; returns once S3 confirmed it, throws {@link S3SinkException} otherwise. */
    void put(NdjsonObject object) throws S3SinkException {
        send(
                object.key(),
                object.body(),
                object.md5Base64(),
                contentType,
                settings.gzip() ? "gzip" : null,
                Map.of(
                        "records", Integer.toString(object.records()),
                        "first-event-time", object.first().time().toString(),
                        "last-event-time", object.last().time().toString()));
        LOG.debug(
                "sink {}: stored s3://{}/{} ({} entries, {} bytes, MD5 {})",
                sinkName,
                settings.bucket(),
                object.key(),
                object.records(),
                object.body().length,
                object.md5Hex());
    }

    /**
     * Stores a manifest ({@code application/json}) through the same path as the data objects, so that it gets every
     * header they get; returns once S3 confirmed it.
     */
    void putManifest(String key, byte[] body) throws S3SinkException {
        String md5;
        try {
            md5 = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
        send(key, body, md5, MANIFEST_CONTENT_TYPE, null, Map.of());
        LOG.debug("sink {}: stored manifest s3://{}/{}", sinkName, settings.bucket(), key);
    }

    /** One PutObject through the producer: the headers every object of the sink gets go here. */
    private void send(
            String key,
            byte[] body,
            String md5Base64,
            String contentType,
            String contentEncoding,
            Map<String, String> metadata)
            throws S3SinkException {
        Producer p = producer(key);
        Exchange exchange = p.getEndpoint().createExchange();
        Message m = exchange.getIn();
        m.setBody(body);
        m.setHeader(AWS2S3Constants.KEY, key);
        m.setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) body.length);
        m.setHeader(AWS2S3Constants.CONTENT_TYPE, contentType);
        if (contentEncoding != null) {
            m.setHeader(AWS2S3Constants.CONTENT_ENCODING, contentEncoding);
        }
        m.setHeader(AWS2S3Constants.CONTENT_MD5, md5Base64);
        if (!metadata.isEmpty()) {
            m.setHeader(AWS2S3Constants.METADATA, metadata);
        }
        try {
            p.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            Exception e = exchange.getException();
            throw failed(key, e, S3FailureDiagnosis.brokeOff(e) ? probe(key, e) : null);
        }
        recovered();
    }

    /** The S3 client of the uploads, for reading the sink's own manifests and listing its objects. */
    synchronized S3Client client() throws S3SinkException {
        if (closed) {
            throw new S3SinkException("S3 sink '" + sinkName + "' is closed");
        }
        if (client == null) {
            client = newClient(settings);
        }
        return client;
    }

    private synchronized Producer producer(String key) throws S3SinkException {
        if (closed) {
            throw new S3SinkException("S3 sink '" + sinkName + "' is closed");
        }
        if (producer != null) {
            return producer;
        }
        if (client == null) {
            client = newClient(settings);
        }
        Endpoint e = null;
        try {
            Component component = context.getComponent("aws2-s3", true);
            // the client object goes in as an endpoint parameter: it never becomes part of the URI
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("amazonS3Client", client);
            e = component.createEndpoint(endpointUri(), parameters);
            ServiceHelper.startService(e);
            Producer p = e.createProducer();
            ServiceHelper.startService(p);
            endpoint = e;
            producer = p;
            LOG.info(
                    "sink {}: writing to {}{}",
                    sinkName,
                    settings.describe(),
                    settings.objectLock()
                            .map(l -> ", Object Lock " + l.describe())
                            .orElse(""));
            return p;
        } catch (Exception ex) {
            ServiceHelper.stopService(e);
            throw failed(key, ex, null);
        }
    }

    /**
     * The exception for a failed upload. {@code probeAnswer}: the bucket's answer to {@link #probe} when the upload
     * broke off; it is the reason when it is one the upload would have got too, otherwise the upload's own error is.
     */
    private synchronized S3SinkException failed(String key, Throwable cause, AwsServiceException probeAnswer) {
        failuresInARow++;
        String reason = diagnosis.uploadFailure(cause, probeAnswer);
        S3SinkException e = new S3SinkException("S3 sink '" + sinkName + "' could not store s3://" + settings.bucket()
                + "/" + key + ": " + reason + "; the page is not confirmed and will be delivered again");
        // The cause stays attached for the stack trace, but not as getCause(): the run summary reports the
        // innermost cause's message, and this one says more than "Connection refused".
        e.addSuppressed(cause);
        if (probeAnswer != null) {
            e.addSuppressed(probeAnswer);
        }
        return e;
    }

    /**
     * For {@code --check}: one PutObject of {@code body} ({@code text/plain}, with Content-MD5) at {@code key}, with
     * the client, credentials, encryption and storage class the uploads use, directly through the S3 client: the
     * Camel endpoint is not needed for that, and its failures would read as a page's. Returns once S3 confirmed it;
     * otherwise throws with the problem and its fix, classified as the uploads' failures are, plus the hints that
     * only a check gives (TLS, reachability, the permission needed).
     */
    void putCheckObject(String key, byte[] body) throws S3SinkException {
        S3Client c;
        synchronized (this) {
            if (closed) {
                throw new S3SinkException("S3 sink '" + sinkName + "' is closed");
            }
            if (client == null) {
                client = newClient(settings);
            }
            c = client;
        }
        String md5;
        try {
            md5 = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
        try {
            c.putObject(
                    r -> {
                        r.bucket(settings.bucket())
                                .key(key)
                                .contentType(CHECK_CONTENT_TYPE)
                                .contentLength((long) body.length)
                                .contentMD5(md5)
                                .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT));
                        settings.storageClass().ifPresent(r::storageClass);
                        settings.encryption().ifPresent(e -> {
                            r.serverSideEncryption(e.algorithm());
                            e.kmsKeyId().ifPresent(r::ssekmsKeyId);
                        });
                    },
                    RequestBody.fromBytes(body));
        } catch (RuntimeException failure) {
            S3SinkException e = new S3SinkException("S3 sink '" + sinkName + "' cannot write s3://" + settings.bucket()
                    + "/" + key + ": " + diagnosis.checkFailure(failure, () -> probe(key, failure)));
            e.addSuppressed(failure);
            throw e;
        }
        LOG.debug("sink {}: check object s3://{}/{} stored", sinkName, settings.bucket(), key);
    }

    /** For {@code --check}: whether the bucket has Object Lock (GetObjectLockConfiguration); never throws. */
    BucketLock bucketLock() {
        S3Client c;
        synchronized (this) {
            if (closed) {
                return new BucketLock(null, "could not tell: the sink is closed");
            }
            if (client == null) {
                client = newClient(settings);
            }
            c = client;
        }
        try {
            return BucketLock.of(c.getObjectLockConfiguration(r ->
                            r.bucket(settings.bucket()).overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)))
                    .objectLockConfiguration());
        } catch (AwsServiceException answer) {
            return BucketLock.of(answer);
        } catch (RuntimeException noAnswer) {
            return BucketLock.unknown(noAnswer);
        }
    }

    /**
     * Asks the bucket, with a request without a body, whether it refuses this client: returns its error answer, or
     * null when it answered 200 or not at all.
     */
    private AwsServiceException probe(String key, Throwable uploadFailure) {
        S3Client c;
        synchronized (this) {
            if (closed || client == null) {
                return null;
            }
            c = client;
        }
        LOG.debug(
                "sink {}: the upload of s3://{}/{} broke off ({}); asking the bucket whether it refuses the request",
                sinkName,
                settings.bucket(),
                key,
                S3FailureDiagnosis.innermostMessage(uploadFailure));
        try {
            c.listObjectsV2(r -> r.bucket(settings.bucket())
                    .prefix(settings.prefix())
                    .maxKeys(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
            LOG.debug("sink {}: the bucket answers ListObjectsV2 with 200", sinkName);
            return null;
        } catch (AwsServiceException answer) {
            LOG.debug(
                    "sink {}: the bucket answers ListObjectsV2 with {} {}",
                    sinkName,
                    answer.statusCode(),
                    answer.awsErrorDetails() == null
                            ? ""
                            : answer.awsErrorDetails().errorCode());
            return answer;
        } catch (RuntimeException noAnswer) {
            LOG.debug("sink {}: the bucket does not answer ListObjectsV2 either: {}", sinkName, noAnswer.toString());
            return null;
        }
    }

    private synchronized void recovered() {
        if (failuresInARow > 0) {
            LOG.info(
                    "sink {}: {} reachable again after {} failed attempt(s)",
                    sinkName,
                    settings.describe(),
                    failuresInARow);
            failuresInARow = 0;
        }
    }

    static S3Client newClient(S3SinkSettings s) {
        AwsCredentialsProvider credentials = s.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        c.accessKey().reveal(), c.secretKey().reveal())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(s.region()))
                .forcePathStyle(s.pathStyle())
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .proxyConfiguration(S3Proxy.configuration(s.proxy()))
                        .expectContinueEnabled(s.proxy().isEmpty()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s.endpoint().ifPresent(b::endpointOverride);
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        // every put of this client, whoever makes it, gets the retention (see ObjectLockHeaders)
        s.objectLock().ifPresent(lock -> interceptors.add(new ObjectLockHeaders(lock, Clock.systemUTC())));
        if (s.proxy().isPresent()) {
            // aws-chunked uploads send two Content-Encoding headers (gzip, aws-chunked), both signed; proxies that keep
            // only one of repeated headers (tinyproxy does) break the signature. The object is in memory anyway: sign
            // it whole.
            b.serviceConfiguration(
                    S3Configuration.builder().chunkedEncodingEnabled(false).build());
            interceptors.add(S3Proxy.NO_EXPECT_CONTINUE);
        }
        b.overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT).executionInterceptors(interceptors));
        return b.build();
    }

    @Override
    public synchronized void close() {
        closed = true;
        ServiceHelper.stopService(producer, endpoint);
        producer = null;
        endpoint = null;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
