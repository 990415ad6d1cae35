from .cli import main

if __name__ == "__main__":  # not when the PDF worker process imports the main module
    main()
