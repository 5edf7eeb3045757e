"""Views: HTML, plots and widgets. They only read the frames the analyses return."""
