package stcat.solr;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A standalone Solr for stcat's local CKAN stack.
 *
 * <p>Solr 9 is not packaged for Debian or PyPI, so deploy/ckan/up.sh builds this class with
 * Maven against solr-core and solr-test-framework (whose JettySolrRunner embeds Jetty) and runs
 * it with {@code java -cp classes:lib/* stcat.solr.Main SOLR_HOME PORT}.
 * JettySolrRunner binds 127.0.0.1 only. The process lives until it is sent SIGTERM.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: stcat.solr.Main SOLR_HOME PORT");
      System.exit(2);
    }
    String solrHome = args[0];
    int port = Integer.parseInt(args[1]);
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(false).build();
    JettySolrRunner solr = new JettySolrRunner(solrHome, config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    solr.stop();
                  } catch (Exception e) {
                    System.err.println("stcat-solr: error while stopping: " + e);
                  }
                },
                "stcat-solr-shutdown"));
    solr.start();
    System.out.println(
        "stcat-solr: listening on http://127.0.0.1:" + solr.getLocalPort() + "/solr");
    Thread.currentThread().join();
  }
}
