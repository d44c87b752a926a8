package io.github.cfaudit.app;

import io.github.cfaudit.cluster.ClusterDatabase;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import io.github.cfaudit.state.JdbcCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code --import-checkpoints DIR}: moving from one node to a cluster without re-delivering or skipping. The checkpoint
 * files of the configured sources in DIR are copied into the database; a source whose database checkpoint is not older
 * is kept as it is unless {@code --overwrite}. Stop the single node first: a checkpoint it writes afterwards is not
 * copied.
 */
final class CheckpointImport {
    private CheckpointImport() {}

    static int run(AuditConfig config, Path directory, boolean overwrite) {
        if (!config.cluster().jdbc()) {
            throw new ConfigException(
                    "cfaudit.state.store",
                    "--import-checkpoints copies into the database: set "
                            + "cfaudit.state.store=jdbc and cfaudit.state.jdbc.url");
        }
        if (!Files.isDirectory(directory)) {
            System.err.println("Error: " + directory + " is not a directory");
            return CloudflareAuditApplication.EXIT_CONFIG;
        }
        FileCheckpointStore files = new FileCheckpointStore(directory);
        try (ClusterDatabase db = ClusterDatabase.open(config.cluster(), 2)) {
            db.migrate();
            JdbcCheckpointStore store =
                    new JdbcCheckpointStore(db.dataSource(), config.cluster().nodeId());
            int imported = 0;
            for (SourceConfig source : config.sources()) {
                Optional<Checkpoint> checkpoint = files.load(source.name());
                if (checkpoint.isEmpty()) {
                    System.out.println(source.name() + ": no checkpoint file in " + directory + "; skipped");
                    continue;
                }
                String outcome = store.importCheckpoint(source.name(), checkpoint.get(), overwrite);
                imported += outcome.startsWith("imported") ? 1 : 0;
                System.out.println(source.name() + ": " + outcome);
            }
            System.out.println(imported + " checkpoint(s) imported into " + db.url());
            return CloudflareAuditApplication.EXIT_OK;
        } catch (SQLException | RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            return CloudflareAuditApplication.EXIT_FAILED;
        }
    }
}
