package dev.tproxy.ant.logging;

import org.apache.tools.ant.Project;
import org.apache.tools.ant.Task;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that writes into Ant's log, through the running tproxy task: ERROR and WARN as
 * Ant's MSG_ERR and MSG_WARN, INFO as MSG_INFO, DEBUG as MSG_VERBOSE ({@code ant -v}). Without a
 * running task, warnings and errors go to standard error and the rest is dropped.
 */
final class AntLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  AntLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return AntLogTarget.current() != null;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    if (throwable != null) {
      message = message + ": " + throwable;
    }
    Task task = AntLogTarget.current();
    if (task == null) {
      if (level == Level.ERROR || level == Level.WARN) {
        System.err.println(level + " " + name + " - " + message);
      }
      return;
    }
    int antLevel = switch (level) {
      case ERROR -> Project.MSG_ERR;
      case WARN -> Project.MSG_WARN;
      case INFO -> Project.MSG_INFO;
      case DEBUG -> Project.MSG_VERBOSE;
      case TRACE -> Project.MSG_DEBUG;
    };
    if (throwable != null && antLevel <= Project.MSG_WARN) {
      task.log(message, throwable, antLevel);
    } else {
      task.log(message, antLevel);
    }
  }
}
